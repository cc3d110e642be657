namespace CellValley.Grains.Funding;

/// <summary>A grant already recorded, as the cap check needs it.</summary>
public sealed record RecordedGrant(string Category, string? ProductId, DateOnly Date, decimal AmountYuan);

/// <summary>Why a grant was refused: the rule, the cap, what was used, and the headroom left.</summary>
[GenerateSerializer, Immutable, Alias("cv.CapBreach")]
public sealed record CapBreach(
    [property: Id(0)] string Rule,
    [property: Id(1)] string PolicyVersion,
    [property: Id(2)] decimal CapYuan,
    [property: Id(3)] decimal UsedYuan,
    [property: Id(4)] decimal HeadroomYuan,
    [property: Id(5)] decimal RequestedYuan,
    [property: Id(6)] string Kind = "",
    [property: Id(7)] string Subject = "");

/// <summary>The cap rules of seed 004: per product and category, and per enterprise and calendar year.</summary>
public static class GrantCaps
{
    /// <summary>Null when the grant fits every cap of the policy in force on its date.</summary>
    public static CapBreach? Check(GrantPolicies policies, IEnumerable<RecordedGrant> recorded, RecordedGrant grant)
    {
        var policy = policies.InForceOn(grant.Date);
        var category = policy?.Find(grant.Category);
        if (policy is null || category is null)
        {
            return null;
        }

        var earlier = recorded.ToList();
        if (category.CapYuan is { } cap && category.PerProduct)
        {
            var used = earlier.Where(g => SameCategory(g, grant) && g.ProductId == grant.ProductId).Sum(g => g.AmountYuan);
            if (used + grant.AmountYuan > cap)
            {
                return new CapBreach($"per-product cap for {category.Code} ({category.Name})", policy.Version, cap, used,
                    Math.Max(0, cap - used), grant.AmountYuan, "per-product", category.Name);
            }
        }

        if (category.CountsTowardAnnualCap && policy.AnnualCapYuan is { } annual)
        {
            var used = earlier
                .Where(g => g.Date.Year == grant.Date.Year && policy.Find(g.Category)?.CountsTowardAnnualCap == true)
                .Sum(g => g.AmountYuan);
            if (used + grant.AmountYuan > annual)
            {
                return new CapBreach($"annual cap per enterprise for {grant.Date.Year}", policy.Version, annual, used,
                    Math.Max(0, annual - used), grant.AmountYuan, "annual", grant.Date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    private static bool SameCategory(RecordedGrant a, RecordedGrant b) => string.Equals(a.Category, b.Category, StringComparison.OrdinalIgnoreCase);
}

/// <summary>How much of a cap is used and what is left: per product and category, or per enterprise for a year.</summary>
public sealed record CapUse(
    string Kind, string PolicyVersion, string Subject, string? Category, string? ProductId, decimal CapYuan, decimal UsedYuan, decimal HeadroomYuan);

public static class GrantCapUse
{
    /// <summary>
    /// The caps of the policy in force on the day and how much of each the recorded grants use: the
    /// annual cap for that year, and every per-product cap a grant has drawn on — the same sums
    /// <see cref="GrantCaps.Check"/> weighs when the next grant is recorded.
    /// </summary>
    public static IReadOnlyList<CapUse> On(GrantPolicies policies, IReadOnlyList<RecordedGrant> recorded, DateOnly day)
    {
        var policy = policies.InForceOn(day);
        if (policy is null)
        {
            return [];
        }

        var uses = new List<CapUse>();
        if (policy.AnnualCapYuan is { } annual)
        {
            var used = recorded.Where(g => g.Date.Year == day.Year && policy.Find(g.Category)?.CountsTowardAnnualCap == true).Sum(g => g.AmountYuan);
            uses.Add(new CapUse("annual", policy.Version, day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null,
                annual, used, Math.Max(0, annual - used)));
        }

        foreach (var drawn in recorded.GroupBy(g => (Category: g.Category.ToLowerInvariant(), g.ProductId)).OrderBy(g => g.Key.Category).ThenBy(g => g.Key.ProductId))
        {
            if (policy.Find(drawn.Key.Category) is { CapYuan: { } cap, PerProduct: true } category)
            {
                var used = drawn.Sum(g => g.AmountYuan);
                uses.Add(new CapUse("per-product", policy.Version, category.Name, category.Code, drawn.Key.ProductId, cap, used, Math.Max(0, cap - used)));
            }
        }

        return uses;
    }
}
