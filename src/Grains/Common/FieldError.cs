namespace CellValley.Grains.Common;

/// <summary>A rule broken by one field of a request; <see cref="Field"/> uses the JSON path.</summary>
/// <remarks>Code and Args name the rule so that the API can say it in the caller's language; Rule is its English text.</remarks>
[GenerateSerializer, Immutable, Alias("cv.FieldError")]
public sealed record FieldError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Rule,
    [property: Id(2)] string Code,
    [property: Id(3)] IReadOnlyList<string> Args)
{
    public static FieldError Of(string field, Rule rule) => new(field, rule.English, rule.Code, rule.Args);

    /// <summary>The same error on a field of a nested part ("lease" + "unitId" = "lease.unitId").</summary>
    public FieldError Under(string part) => this with { Field = $"{part}.{Field}" };
}

/// <summary>Collects field errors while a request is checked.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<FieldError> ToList() => _errors.ToArray();

    public void Add(string field, Rule rule) => _errors.Add(FieldError.Of(field, rule));

    public void Add(FieldError error) => _errors.Add(error);

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, Common.Rule.MaxLength(max));
        }
    }

    public void Required(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, Common.Rule.Required());
            return;
        }

        MaxLength(field, value, max);
    }

    public void NotNegative(string field, decimal? value)
    {
        if (value < 0)
        {
            Add(field, Common.Rule.NotNegative());
        }
    }
}
