using CellValley.Grains.Common;

namespace CellValley.Grains.Funding;

/// <summary>What a funding entry must say, by kind.</summary>
public static class FundingRules
{
    public const string Equity = "equity";
    public const string Loan = "loan";
    public const string Grant = "grant";
    public const string GuidanceFund = "guidance-fund";
    public const decimal AmountMax = 10_000_000_000_000m;

    public static readonly string[] Kinds = [Equity, Loan, Grant];
    public static readonly string[] Precisions = ["day", "month", "year"];
    public static readonly string[] Currencies = ["CNY", "USD", "EUR", "HKD", "JPY", "GBP", "CHF", "SGD", "KRW", "AUD", "CAD"];
    public static readonly string[] RoundTypes = ["seed", "angel", "pre-a", "a", "a+", "pre-b", "b", "b+", "c", "d", "e-plus", "strategic", "pre-ipo", "ipo", "follow-on", "other"];
    public static readonly string[] InvestorTypes = ["vc", "pe", "corporate", GuidanceFund, "angel", "individual", "bank", "other"];

    public static IReadOnlyList<FieldError> Validate(NewFunding f, ISet<string> productIds, GrantPolicies policies, DateOnly today)
    {
        var errors = new FieldErrors();
        if (!Kinds.Contains(f.Kind))
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", Kinds)));
            return errors.ToList();
        }

        if (f.Date > today)
        {
            errors.Add("date", Rule.NotInFuture(today));
        }
        else if (f.Date.Year < 1900)
        {
            errors.Add("date", "must be in 1900 or later");
        }

        if (f.DatePrecision is not null && !Precisions.Contains(f.DatePrecision))
        {
            errors.Add("datePrecision", Rule.OneOf(string.Join(", ", Precisions)));
        }

        if (f.Amount <= 0)
        {
            errors.Add("amount", "must be more than 0");
        }
        else if (f.Amount > AmountMax)
        {
            errors.Add("amount", $"must be at most {AmountMax}");
        }

        if (!Currencies.Contains(f.Currency))
        {
            errors.Add("currency", $"must be an ISO 4217 code this registry knows: {string.Join(", ", Currencies)}");
        }

        switch (f.Kind)
        {
            case Equity:
                ValidateEquity(errors, f);
                break;
            case Loan:
                errors.Required("lender", f.Lender, 200);
                if (f.TermMonths is < 1 or > 600)
                {
                    errors.Add("termMonths", Rule.Between(1, 600));
                }

                break;
            case Grant:
                ValidateGrant(errors, f, productIds, policies);
                break;
        }

        NotFor(errors, f.Kind, "roundType", f.RoundType, Equity);
        NotFor(errors, f.Kind, "investors", f.Investors, Equity);
        NotFor(errors, f.Kind, "lender", f.Lender, Loan);
        NotFor(errors, f.Kind, "termMonths", f.TermMonths, Loan);
        NotFor(errors, f.Kind, "category", f.Category, Grant);
        NotFor(errors, f.Kind, "productId", f.ProductId, Grant);
        NotFor(errors, f.Kind, "grantor", f.Grantor, Grant);
        NotFor(errors, f.Kind, "program", f.Program, Grant);
        return errors.ToList();
    }

    /// <summary>Dates known only to the month or year are kept as the first day of it.</summary>
    public static DateOnly Normalize(DateOnly date, string precision) => precision switch
    {
        "month" => new DateOnly(date.Year, date.Month, 1),
        "year" => new DateOnly(date.Year, 1, 1),
        _ => date,
    };

    private static void ValidateEquity(FieldErrors errors, NewFunding f)
    {
        if (string.IsNullOrWhiteSpace(f.RoundType))
        {
            errors.Add("roundType", "is required for equity");
        }
        else if (!RoundTypes.Contains(f.RoundType))
        {
            errors.Add("roundType", Rule.OneOf(string.Join(", ", RoundTypes)));
        }

        var investors = f.Investors ?? [];
        if (investors.Count > 50)
        {
            errors.Add("investors", "must list at most 50 investors");
            return;
        }

        for (var i = 0; i < investors.Count; i++)
        {
            errors.Required($"investors[{i}].name", investors[i].Name, 200);
            if (!InvestorTypes.Contains(investors[i].Type))
            {
                errors.Add($"investors[{i}].type", Rule.OneOf(string.Join(", ", InvestorTypes)));
            }
        }

        if (investors.Count(i => i.Lead) > 1)
        {
            errors.Add("investors", "may name at most one lead investor");
        }
    }

    private static void ValidateGrant(FieldErrors errors, NewFunding f, ISet<string> productIds, GrantPolicies policies)
    {
        if (f.Currency != "CNY")
        {
            errors.Add("currency", "must be CNY for a grant");
        }

        errors.Required("grantor", f.Grantor, 100);
        errors.MaxLength("program", f.Program, 200);
        errors.MaxLength("reference", f.Reference, 100);
        if (string.IsNullOrWhiteSpace(f.Category))
        {
            errors.Add("category", $"is required for a grant: one of {string.Join(", ", policies.CategoryCodes)}");
            return;
        }

        var policy = policies.InForceOn(f.Date);
        var category = policy?.Find(f.Category);
        if (category is null && (policy is not null || !policies.CategoryCodes.Contains(f.Category)))
        {
            var known = policy?.Categories.Select(c => c.Code) ?? policies.CategoryCodes;
            errors.Add("category", $"must be one of: {string.Join(", ", known)}{(policy is null ? "" : $" (policy {policy.Version})")}");
            return;
        }

        if (category?.PerProduct == true)
        {
            if (string.IsNullOrWhiteSpace(f.ProductId))
            {
                errors.Add("productId", $"is required: the {category.Code} cap applies per product");
            }
            else if (!productIds.Contains(f.ProductId))
            {
                errors.Add("productId", $"'{f.ProductId}' is not a product of this enterprise");
            }
        }
        else if (f.ProductId is not null && !productIds.Contains(f.ProductId))
        {
            errors.Add("productId", $"'{f.ProductId}' is not a product of this enterprise");
        }
    }

    private static void NotFor(FieldErrors errors, string kind, string field, object? value, string owner)
    {
        if (value is not null && kind != owner)
        {
            errors.Add(field, $"belongs to {owner} entries only; leave it out for {kind}");
        }
    }
}
