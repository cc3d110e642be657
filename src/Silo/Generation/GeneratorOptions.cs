namespace CellValley.Silo.Generation;

/// <summary>Size and shape of a synthetic cluster.</summary>
public sealed record GeneratorOptions(
    int Enterprises,
    double ProductsPerEnterprise = 3,
    double RelationsPerEnterprise = 2,
    int Parks = 20,
    int Platforms = 200,
    int Leads = 5000,
    int Seed = 20261122,
    int Parallelism = 64,
    double TenantShare = 0.3)
{
    /// <summary>Parses "--enterprises 1000 --parks 5 …"; returns the problem when an option is wrong.</summary>
    public static (GeneratorOptions? Options, string? Problem) Parse(IReadOnlyList<string> args)
    {
        var o = new GeneratorOptions(1000);
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            if (value is null)
            {
                return (null, $"{args[i]} needs a value");
            }

            bool ok;
            switch (args[i])
            {
                case "--enterprises": ok = int.TryParse(value, out var e) && e is > 0 and <= 2_000_000; o = o with { Enterprises = e }; break;
                case "--products-per-enterprise": ok = double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 20; o = o with { ProductsPerEnterprise = p }; break;
                case "--relations-per-enterprise": ok = double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 20; o = o with { RelationsPerEnterprise = r }; break;
                case "--parks": ok = int.TryParse(value, out var k) && k is > 0 and <= 1000; o = o with { Parks = k }; break;
                case "--platforms": ok = int.TryParse(value, out var f) && f is >= 0 and <= 100_000; o = o with { Platforms = f }; break;
                case "--leads": ok = int.TryParse(value, out var l) && l is >= 0 and <= 1_000_000; o = o with { Leads = l }; break;
                case "--seed": ok = int.TryParse(value, out var s); o = o with { Seed = s }; break;
                case "--parallelism": ok = int.TryParse(value, out var d) && d is > 0 and <= 512; o = o with { Parallelism = d }; break;
                default: return (null, $"unknown option {args[i]}");
            }

            if (!ok)
            {
                return (null, $"{args[i]} {value} is out of range");
            }
        }

        return (o, null);
    }
}
