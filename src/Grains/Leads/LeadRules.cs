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
        if (info.CreditCode is not null && CreditCode.Validate(info.CreditCode) is { } codeRule)
        {
            errors.Add("creditCode", codeRule);
        }

        if (!taxonomy.IsSegment(info.Segment))
        {
            errors.Add("segment", Rule.UnknownSegment(info.Segment));
        }

        if (info.ChainLink is not null && !taxonomy.IsSegment(info.ChainLink))
        {
            errors.Add("chainLink", Rule.ChainLink());
        }

        if (!catalogue.Sources.Contains(info.Source))
        {
            errors.Add("source", Rule.OneOf(string.Join(", ", catalogue.Sources)));
        }

        if (info.EstimatedInvestmentYuan is < 0 or > 1_000_000_000_000m)
        {
            errors.Add("estimatedInvestmentYuan", Rule.Between(0, 1_000_000_000_000m));
        }

        if (info.EstimatedJobs is < 0 or > 1_000_000)
        {
            errors.Add("estimatedJobs", Rule.Between(0, 1_000_000));
        }

        if (info.Likelihood is < 0 or > 1)
        {
            errors.Add("likelihood", Rule.Share());
        }

        if (info.Space is { } space)
        {
            if (space.AreaSqm is <= 0 or > ParkRules.MaxAreaSqm)
            {
                errors.Add("space.areaSqm", Rule.PositiveAtMost(ParkRules.MaxAreaSqm));
            }

            if (space.FitOut?.GmpGrade is { } grade && !ParkRules.GmpGrades.Contains(grade))
            {
                errors.Add("space.fitOut.gmpGrade", Rule.GmpGrade());
            }

            if (space.PreferredParkId is not null && !ParkKey.IsValidId(space.PreferredParkId))
            {
                errors.Add("space.preferredParkId", Rule.Identifier());
            }
        }

        if (info.NextFollowUp < today.AddYears(-10))
        {
            errors.Add("nextFollowUp", Rule.FollowUpTooOld());
        }

        errors.MaxLength("note", info.Note, 2000);
        return errors.ToList();
    }
}
