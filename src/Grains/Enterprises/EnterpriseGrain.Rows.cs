using CellValley.Grains.Common;
using CellValley.Grains.Enterprises.Events;
using CellValley.Grains.Products;
using CellValley.Grains.Products.Events;

namespace CellValley.Grains.Enterprises;

/// <summary>
/// One spreadsheet row's changes to a registered enterprise, recorded together or not at all: profile
/// changes and a tier recognition (checked against <see cref="ExpectedVersion"/>), and one product — added,
/// or described anew and/or moved to another stage (checked against <see cref="ProductVersion"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("cv.EnterpriseRow")]
public sealed record EnterpriseRow(
    [property: Id(0)] int? ExpectedVersion,
    [property: Id(1)] ProfileChanges? Profile = null,
    [property: Id(2)] RecognizeTier? Recognition = null,
    [property: Id(3)] NewProduct? NewProduct = null,
    [property: Id(4)] string? ProductId = null,
    [property: Id(5)] ProductChanges? ProductChanges = null,
    [property: Id(6)] StageMove? StageMove = null,
    [property: Id(7)] int? ProductVersion = null);

/// <summary>What a row recorded: the enterprise's version after it, the product it added or changed (and that product's version).</summary>
[GenerateSerializer, Immutable, Alias("cv.EnterpriseRowApplied")]
public sealed record EnterpriseRowApplied([property: Id(0)] int Version, [property: Id(1)] string? ProductId, [property: Id(2)] int? ProductVersion);

public sealed partial class EnterpriseGrain
{
    public async Task<Outcome<EnterpriseRowApplied>> ApplyRowAsync(EnterpriseRow row, Actor actor)
    {
        if (Refuse<EnterpriseRowApplied>(row.ExpectedVersion) is { } refusal)
        {
            return refusal;
        }

        using var batch = Outbox.BeginBatch();
        var (failure, productId, productVersion) = await ApplyStepsAsync(row, actor);
        if (failure is not null)
        {
            Outbox.AbandonBatch();
            return failure with { CurrentVersion = failure.Kind == OutcomeKind.VersionMismatch ? failure.CurrentVersion : S.Version };
        }

        await Outbox.EndBatchAsync();
        return Outcome<EnterpriseRowApplied>.Ok(new EnterpriseRowApplied(S.Version, productId, productVersion), S.Version);
    }

    private async Task<(Outcome<EnterpriseRowApplied>? Failure, string? ProductId, int? ProductVersion)> ApplyStepsAsync(EnterpriseRow row, Actor actor)
    {
        if (row.Profile is { } changes)
        {
            var updated = await UpdateProfileAsync(changes, null, actor);
            if (!updated.IsOk)
            {
                return (Failed(updated, null), null, null);
            }
        }

        if (row.Recognition is { } recognition)
        {
            var recognized = await RecognizeTierAsync(recognition, null, actor);
            if (!recognized.IsOk)
            {
                return (Failed(recognized, "recognition"), null, null);
            }
        }

        var productId = row.ProductId;
        int? productVersion = null;
        if (row.NewProduct is { } product)
        {
            var added = await AddProductAsync(product, actor);
            if (!added.IsOk)
            {
                return (Failed(added, "product"), null, null);
            }

            (productId, productVersion) = (added.Value!.Id, added.CurrentVersion);
        }

        var expectedProduct = row.ProductVersion;
        if (productId is not null && row.ProductChanges is { } description)
        {
            var described = await UpdateProductAsync(productId, description, expectedProduct, actor);
            if (!described.IsOk)
            {
                return (Failed(described, "product"), null, null);
            }

            (productVersion, expectedProduct) = (described.CurrentVersion, null);
        }

        if (productId is not null && row.StageMove is { } move)
        {
            var moved = await MoveProductStageAsync(productId, move, expectedProduct, actor);
            if (!moved.IsOk)
            {
                return (Failed(moved, "stage"), null, null);
            }

            productVersion = moved.CurrentVersion;
        }

        return (null, productId, productVersion);
    }

    /// <summary>
    /// Withdraws a product added by mistake (an import reverted): only at the version it was left at, and not while
    /// a grant names it. The product leaves the pipeline and the read rows; the enterprise's history keeps both events.
    /// </summary>
    public async Task<Outcome<ProductView>> WithdrawProductAsync(string productId, string reason, int expectedVersion, Actor actor)
    {
        if (Find(productId, expectedVersion, out var product) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        errors.Required("reason", reason, 500);
        if (S.Funding.Any(f => f.ProductId == productId && f.VoidedAt is null))
        {
            errors.Add("productId", Rule.ProductHasGrants());
        }

        if (errors.Any)
        {
            return Outcome<ProductView>.Invalid(errors.ToList(), product!.Version);
        }

        var view = ToView(product!);
        S.Products.Remove(product!);
        await Outbox.RecordAsync(new ProductWithdrawn(productId, product!.Name, reason.Trim()), actor);
        return Outcome<ProductView>.Ok(view, view.Version);
    }

    private static Outcome<EnterpriseRowApplied> Failed<T>(Outcome<T> failed, string? part) =>
        new(failed.Kind, null, part is null ? failed.Errors : failed.Errors.Select(e => e.Under(part)).ToArray(), failed.CurrentVersion, failed.Breach);

    /// <summary>
    /// Withdraws a registration made by mistake (an import reverted) with what was recorded with it: only at the
    /// version it was left at (so nothing was recorded on it since), and never a record that merges or a lead
    /// touched or whose status changed. The record's history keeps the registration and the withdrawal; its
    /// read rows go, and the code can be registered afresh.
    /// </summary>
    public async Task<Outcome<EnterpriseView>> WithdrawAsync(string reason, int expectedVersion, Actor actor)
    {
        if (Refuse<EnterpriseView>(expectedVersion) is { } refusal)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        errors.Required("reason", reason, 500);
        if (S.MergedFrom.Count > 0 || S.StatusHistory.Count > 0 || S.LeadId is not null)
        {
            errors.Add("creditCode", Rule.WithdrawHasParts());
        }

        if (errors.Any)
        {
            return Outcome<EnterpriseView>.Invalid(errors.ToList(), S.Version);
        }

        var view = S.ToView();
        var name = S.Name;
        S.Registered = false;
        S.SetProfile(new EnterpriseProfile("", null, [], null, null, null, null, null, null, []));
        S.TierHistory.Clear();
        S.Products.Clear();
        S.Funding.Clear();
        await Outbox.RecordAsync(new EnterpriseWithdrawn(name, reason.Trim()), actor);
        return Outcome<EnterpriseView>.Ok(view with { Version = S.Version }, S.Version);
    }
}
