using CellValley.Grains.Common;
using CellValley.Grains.Funding;
using CellValley.Grains.Products;

namespace CellValley.Grains.Enterprises;

/// <summary>A product to import: how it was added, then each later stage move.</summary>
[GenerateSerializer, Immutable, Alias("cv.ProductImport")]
public sealed record ProductImport([property: Id(0)] NewProduct Product, [property: Id(1)] IReadOnlyList<StageMove> Moves);

/// <summary>An enterprise with its history, for bulk loading through the grain's own rules.</summary>
[GenerateSerializer, Immutable, Alias("cv.EnterpriseImport")]
public sealed record EnterpriseImport(
    [property: Id(0)] EnterpriseProfile Profile,
    [property: Id(1)] IReadOnlyList<RecognizeTier> Recognitions,
    [property: Id(2)] IReadOnlyList<ProductImport> Products,
    [property: Id(3)] IReadOnlyList<NewFunding> Funding);

/// <summary>Bulk import: the same commands, checked by the same rules, written once.</summary>
public sealed partial class EnterpriseGrain
{
    public async Task<Outcome<EnterpriseView>> ImportAsync(EnterpriseImport import, Actor actor)
    {
        if (S.Registered)
        {
            return Outcome<EnterpriseView>.AlreadyExists(S.Version);
        }

        using var batch = Outbox.BeginBatch();
        var failure = await ApplyAsync(import, actor);
        if (failure is not null)
        {
            Outbox.AbandonBatch();
            return Outcome<EnterpriseView>.Invalid(failure, 0);
        }

        await Outbox.EndBatchAsync();
        return Outcome<EnterpriseView>.Ok(S.ToView(), S.Version);
    }

    private async Task<IReadOnlyList<FieldError>?> ApplyAsync(EnterpriseImport import, Actor actor)
    {
        var registered = await RegisterAsync(import.Profile, actor);
        if (!registered.IsOk)
        {
            return Prefixed("profile", registered.Errors);
        }

        foreach (var recognition in import.Recognitions)
        {
            var recorded = await RecognizeTierAsync(recognition, null, actor);
            if (!recorded.IsOk)
            {
                return Prefixed("recognitions", recorded.Errors);
            }
        }

        foreach (var product in import.Products)
        {
            var added = await AddProductAsync(product.Product, actor);
            if (!added.IsOk)
            {
                return Prefixed("products", added.Errors);
            }

            foreach (var move in product.Moves)
            {
                var moved = await MoveProductStageAsync(added.Value!.Id, move, null, actor);
                if (!moved.IsOk)
                {
                    return Prefixed("products", moved.Errors);
                }
            }
        }

        foreach (var funding in import.Funding)
        {
            var recorded = await RecordFundingAsync(funding, actor);
            if (!recorded.IsOk)
            {
                return recorded.Breach is { } breach
                    ? [FieldError.Of("funding", Rule.GrantCap(breach.Rule, breach.CapYuan, breach.HeadroomYuan))]
                    : Prefixed("funding", recorded.Errors);
            }
        }

        return null;
    }

    private static IReadOnlyList<FieldError> Prefixed(string part, IReadOnlyList<FieldError> errors) =>
        errors.Select(e => e.Under(part)).ToArray();
}
