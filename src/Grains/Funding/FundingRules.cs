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
            errors.Add("date", Rule.NotBefore(new DateOnly(1900, 1, 1)));
        }

        if (f.DatePrecision is not null && !Precisions.Contains(f.DatePrecision))
        {
            errors.Add("datePrecision", Rule.OneOf(string.Join(", ", Precisions)));
        }

        if (f.Amount <= 0)
        {
            errors.Add("amount", Rule.Positive());
        }
        else if (f.Amount > AmountMax)
        {
            errors.Add("amount", Rule.AmountMax(AmountMax));
        }

        if (!Currencies.Contains(f.Currency))
        {
            errors.Add("currency", Rule.OneOf(string.Join(", ", Currencies)));
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
        NotFor(errors, f.Kind, "uncapped", f.Uncapped ? true : null, Grant);
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
            errors.Add("roundType", Rule.RequiredWhen("kind = equity"));
        }
        else if (!RoundTypes.Contains(f.RoundType))
        {
            errors.Add("roundType", Rule.OneOf(string.Join(", ", RoundTypes)));
        }

        var investors = f.Investors ?? [];
        if (investors.Count > 50)
        {
            errors.Add("investors", Rule.ListMax(50));
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
            errors.Add("investors", Rule.OneLeadInvestor());
        }

        for (var i = 0; i < investors.Count; i++)
        {
            errors.NotNegative($"investors[{i}].amountYuan", investors[i].AmountYuan);
        }

        if (investors.Sum(i => i.AmountYuan ?? 0) is var stated && stated > f.Amount)
        {
            errors.Add("investors", Rule.InvestorsExceedRound(stated, f.Amount));
        }
    }

    private static void ValidateGrant(FieldErrors errors, NewFunding f, ISet<string> productIds, GrantPolicies policies)
    {
        if (f.Currency != "CNY")
        {
            errors.Add("currency", Rule.GrantInYuan());
        }

        errors.Required("grantor", f.Grantor, 100);
        errors.MaxLength("program", f.Program, 200);
        errors.MaxLength("reference", f.Reference, 100);
        if (string.IsNullOrWhiteSpace(f.Category))
        {
            errors.Add("category", Rule.RequiredWhen("kind = grant"));
            return;
        }

        var policy = policies.InForceOn(f.Date);
        if (policy is null && !f.Uncapped)
        {
            errors.Add("date", Rule.NoGrantPolicy(f.Date, policies.Versions[0].EffectiveFrom));
            return;
        }

        if (policy is not null && f.Uncapped)
        {
            errors.Add("uncapped", Rule.OnlyWhen("no grant policy is in force on the grant's date"));
        }

        var category = policy?.Find(f.Category);
        if (category is null && (policy is not null || !policies.CategoryCodes.Contains(f.Category)))
        {
            var known = policy?.Categories.Select(c => c.Code) ?? policies.CategoryCodes;
            errors.Add("category", Rule.OneOf(string.Join(", ", known)));
            return;
        }

        if (category?.PerProduct == true)
        {
            if (string.IsNullOrWhiteSpace(f.ProductId))
            {
                errors.Add("productId", Rule.RequiredWhen("category = " + category.Code));
            }
            else if (!productIds.Contains(f.ProductId))
            {
                errors.Add("productId", Rule.NotAProduct(f.ProductId));
            }
        }
        else if (f.ProductId is not null && !productIds.Contains(f.ProductId))
        {
            errors.Add("productId", Rule.NotAProduct(f.ProductId));
        }
    }

    private static void NotFor(FieldErrors errors, string kind, string field, object? value, string owner)
    {
        if (value is not null && kind != owner)
        {
            errors.Add(field, Rule.OnlyWhen("kind = " + owner));
        }
    }
}
