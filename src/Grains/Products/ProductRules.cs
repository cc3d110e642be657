using CellValley.Grains.Common;
using CellValley.Grains.Taxonomy;

namespace CellValley.Grains.Products;

/// <summary>The product pipeline's rules: descriptions, and how a product moves along the stage ladder.</summary>
public static class ProductRules
{
    public const int MaxProductsPerEnterprise = 500;

    public static IReadOnlyList<FieldError> Validate(NewProduct product, ClusterTaxonomy taxonomy, DateOnly today)
    {
        var errors = new FieldErrors();
        ValidateDescription(errors, product.Name, product.Kind, product.RegistrationClass, product.Indication, taxonomy);
        if (product.Stage is not null && taxonomy.FindStage(product.Stage) is null)
        {
            errors.Add("stage", UnknownStage(taxonomy));
        }

        if (product.StageDate > today)
        {
            errors.Add("stageDate", Rule.NotInFuture(today));
        }

        return errors.ToList();
    }

    public static IReadOnlyList<FieldError> Validate(ProductState current, ProductChanges changes, ClusterTaxonomy taxonomy)
    {
        var errors = new FieldErrors();
        ValidateDescription(errors, changes.Name ?? current.Name, changes.Kind ?? current.Kind,
            changes.RegistrationClass, changes.Indication, taxonomy);
        return errors.ToList();
    }

    /// <summary>
    /// Checks a stage move against the product's history. Forward moves may skip rungs (returned so
    /// they are recorded); a move to the same or an earlier rung is a correction and needs a reason;
    /// a forward move may not be dated before the stage it leaves.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateMove(ProductState product, StageMove move, ClusterTaxonomy taxonomy, DateOnly today, out IReadOnlyList<string> skipped)
    {
        skipped = [];
        var errors = new FieldErrors();
        var target = taxonomy.FindStage(move.Stage);
        if (target is null)
        {
            errors.Add("stage", UnknownStage(taxonomy));
            return errors.ToList();
        }

        if (move.Date > today)
        {
            errors.Add("date", Rule.NotInFuture(today));
        }

        errors.MaxLength("reason", move.Reason, 500);
        errors.MaxLength("note", move.Note, 500);
        var current = taxonomy.FindStage(product.Current.Stage)!;
        if (target.Rank > current.Rank)
        {
            if (move.Correction)
            {
                errors.Add("correction", Rule.NotACorrection(current.Code, target.Code));
            }

            if (move.Date < product.Current.Date)
            {
                errors.Add("date", Rule.NotBeforeEntered(product.Current.Date, current.Code));
            }

            skipped = taxonomy.ProductStages.Where(s => s.Rank > current.Rank && s.Rank < target.Rank).Select(s => s.Code).ToArray();
        }
        else if (!move.Correction)
        {
            errors.Add("correction", Rule.NotForward(current.Code, target.Code));
        }
        else if (string.IsNullOrWhiteSpace(move.Reason))
        {
            errors.Add("reason", Rule.RequiredWhen("correction = true"));
        }

        return errors.ToList();
    }

    private static void ValidateDescription(FieldErrors errors, string? name, string? kind, string? registrationClass, string? indication, ClusterTaxonomy taxonomy)
    {
        errors.Required("name", name, 200);
        if (string.IsNullOrWhiteSpace(kind))
        {
            errors.Add("kind", Rule.Required());
        }
        else if (taxonomy.FindKind(kind) is null)
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", taxonomy.ProductKinds.Select(k => k.Code))));
        }

        errors.MaxLength("registrationClass", registrationClass, 50);
        errors.MaxLength("indication", indication, 500);
    }

    private static Rule UnknownStage(ClusterTaxonomy taxonomy) =>
        Rule.OneOf(string.Join(", ", taxonomy.ProductStages.Select(s => s.Code)));
}
