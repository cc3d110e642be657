using CellValley.Grains.Common;
using CellValley.Grains.Parks;
using CellValley.Grains.Taxonomy;

namespace CellValley.Grains.Leads;

/// <summary>What a lead must say.</summary>
public static class LeadRules
{
    public static IReadOnlyList<FieldError> Validate(LeadInfo info, ClusterTaxonomy taxonomy, LeadCatalogue catalogue, DateOnly today)
    {
        var errors = new FieldErrors();
        errors.Required("company", info.Company, 200);
        if (info.CreditCode is not null && !CreditCode.TryValidate(info.CreditCode, out var reason))
        {
            errors.Add("creditCode", reason!);
        }

        if (!taxonomy.IsSegment(info.Segment))
        {
            errors.Add("segment", "is not a known segment (see GET /api/taxonomy)");
        }

        if (info.ChainLink is not null && !taxonomy.IsSegment(info.ChainLink))
        {
            errors.Add("chainLink", "must name the chain link (a segment, see GET /api/taxonomy) the lead would fill");
        }

        if (!catalogue.Sources.Contains(info.Source))
        {
            errors.Add("source", $"must be one of: {string.Join(", ", catalogue.Sources)}");
        }

        if (info.EstimatedInvestmentYuan is < 0 or > 1_000_000_000_000m)
        {
            errors.Add("estimatedInvestmentYuan", "must be between 0 and 1000000000000");
        }

        if (info.EstimatedJobs is < 0 or > 1_000_000)
        {
            errors.Add("estimatedJobs", "must be between 0 and 1000000");
        }

        if (info.Likelihood is < 0 or > 1)
        {
            errors.Add("likelihood", "must be a share between 0 and 1 (0.6 = 60%)");
        }

        if (info.Space is { } space)
        {
            if (space.AreaSqm is <= 0 or > ParkRules.MaxAreaSqm)
            {
                errors.Add("space.areaSqm", $"must be more than 0 and at most {ParkRules.MaxAreaSqm}");
            }

            if (space.FitOut?.GmpGrade is { } grade && !ParkRules.GmpGrades.Contains(grade))
            {
                errors.Add("space.fitOut.gmpGrade", "must be A, B, C or D (or left out)");
            }

            if (space.PreferredParkId is not null && !ParkKey.IsValidId(space.PreferredParkId))
            {
                errors.Add("space.preferredParkId", "must be a park id");
            }
        }

        if (info.NextFollowUp < today.AddYears(-10))
        {
            errors.Add("nextFollowUp", "is too far in the past");
        }

        errors.MaxLength("note", info.Note, 2000);
        return errors.ToList();
    }
}
