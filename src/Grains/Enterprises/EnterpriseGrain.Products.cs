using System.Security.Cryptography;
using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Products;
using CellValley.Grains.Products.Events;

namespace CellValley.Grains.Enterprises;

/// <summary>The product pipeline (产品管线) of an enterprise.</summary>
public sealed partial class EnterpriseGrain
{
    public async Task<Outcome<ProductView>> AddProductAsync(NewProduct product, Actor actor)
    {
        if (!S.Registered)
        {
            return Outcome<ProductView>.NotFound();
        }

        if (Merged<ProductView>() is { } merged)
        {
            return merged;
        }

        var errors = ProductRules.Validate(product, taxonomy, Today);
        if (errors.Count == 0 && S.Products.Count >= ProductRules.MaxProductsPerEnterprise)
        {
            errors = [FieldError.Of("products", Rule.ProductsMax(ProductRules.MaxProductsPerEnterprise))];
        }

        if (errors.Count > 0)
        {
            return Outcome<ProductView>.Invalid(errors, 0);
        }

        var now = Clock.GetUtcNow();
        var state = new ProductState
        {
            Id = NewId('P'),
            Name = product.Name.Trim(),
            Kind = taxonomy.FindKind(product.Kind)!.Code,
            RegistrationClass = Blank(product.RegistrationClass),
            Indication = Blank(product.Indication),
            InnovativeDevice = product.InnovativeDevice,
            Version = 1,
            UpdatedAt = now,
            Stages =
            [
                new StageState
                {
                    Stage = taxonomy.FindStage(product.Stage ?? "discovery")!.Code,
                    Date = product.StageDate ?? Today,
                    RecordedBy = actor.Name,
                    RecordedAt = now,
                },
            ],
        };
        S.Products.Add(state);
        await Outbox.RecordAsync(new ProductAdded(state.Id, state.Name, state.Kind, state.RegistrationClass, state.Current.Stage, state.Current.Date), actor, now);
        return Outcome<ProductView>.Ok(ToView(state), state.Version);
    }

    public async Task<Outcome<ProductView>> UpdateProductAsync(string productId, ProductChanges changes, int? expectedVersion, Actor actor)
    {
        if (Find(productId, expectedVersion, out var product) is { } refusal)
        {
            return refusal;
        }

        var errors = ProductRules.Validate(product!, changes, taxonomy);
        if (errors.Count > 0)
        {
            return Outcome<ProductView>.Invalid(errors, product!.Version);
        }

        var diff = ProductDiff(product!, changes);
        if (diff.Count == 0)
        {
            return Outcome<ProductView>.Ok(ToView(product!), product!.Version);
        }

        foreach (var change in diff)
        {
            switch (change.Field)
            {
                case "name": product!.Name = changes.Name!.Trim(); break;
                case "kind": product!.Kind = taxonomy.FindKind(changes.Kind!)!.Code; break;
                case "registrationClass": product!.RegistrationClass = Blank(changes.RegistrationClass); break;
                case "indication": product!.Indication = Blank(changes.Indication); break;
                case "innovativeDevice": product!.InnovativeDevice = changes.InnovativeDevice!.Value; break;
            }
        }

        var now = Clock.GetUtcNow();
        product!.Version++;
        product.UpdatedAt = now;
        await Outbox.RecordAsync(new ProductUpdated(product.Id, diff), actor, now);
        return Outcome<ProductView>.Ok(ToView(product), product.Version);
    }

    /// <summary>What a description change would change on a product, field by field (null leaves a field; an optional field is cleared by "").</summary>
    private List<FieldChange> ProductDiff(ProductState product, ProductChanges changes)
    {
        var diff = new List<FieldChange>();
        Text("name", changes.Name, product.Name, optional: false);
        Text("kind", changes.Kind is null ? null : taxonomy.FindKind(changes.Kind)!.Code, product.Kind, optional: false);
        Text("registrationClass", changes.RegistrationClass, product.RegistrationClass, optional: true);
        Text("indication", changes.Indication, product.Indication, optional: true);
        if (changes.InnovativeDevice is { } innovative && innovative != product.InnovativeDevice)
        {
            diff.Add(FieldChange.Of("innovativeDevice", product.InnovativeDevice, innovative));
        }

        return diff;

        void Text(string field, string? requested, string? current, bool optional)
        {
            if (requested is null)
            {
                return;
            }

            var value = optional ? Blank(requested) : requested.Trim();
            if (value != current)
            {
                diff.Add(FieldChange.Of(field, current, value));
            }
        }
    }

    public async Task<Outcome<ProductView>> MoveProductStageAsync(string productId, StageMove move, int? expectedVersion, Actor actor)
    {
        if (Find(productId, expectedVersion, out var product) is { } refusal)
        {
            return refusal;
        }

        var errors = ProductRules.ValidateMove(product!, move, taxonomy, Today, out var skipped);
        if (errors.Count > 0)
        {
            return Outcome<ProductView>.Invalid(errors, product!.Version);
        }

        var now = Clock.GetUtcNow();
        var from = product!.Current;
        var entry = new StageState
        {
            Stage = taxonomy.FindStage(move.Stage)!.Code,
            Date = move.Date,
            Skipped = skipped.ToList(),
            Correction = move.Correction,
            Reason = Blank(move.Reason),
            Note = Blank(move.Note),
            RecordedBy = actor.Name,
            RecordedAt = now,
        };
        product.Stages.Add(entry);
        product.Version++;
        product.UpdatedAt = now;
        var moved = new ProductStageMove(product.Id, from.Stage, entry.Stage, from.Date, entry.Date, skipped, entry.Correction ? entry.Reason : null);
        await (entry.Correction
            ? Outbox.RecordAsync(new ProductStageCorrected(moved), actor, now)
            : Outbox.RecordAsync(new ProductStageAdvanced(moved), actor, now));
        return Outcome<ProductView>.Ok(ToView(product), product.Version);
    }

    public Task<IReadOnlyList<ProductView>?> GetProductsAsync() =>
        Task.FromResult<IReadOnlyList<ProductView>?>(S.Registered ? S.Products.Select(ToView).ToArray() : null);

    private Outcome<ProductView>? Find(string productId, int? expectedVersion, out ProductState? product)
    {
        product = S.Products.FirstOrDefault(p => p.Id == productId);
        if (!S.Registered || product is null)
        {
            return Outcome<ProductView>.NotFound();
        }

        if (Merged<ProductView>() is { } merged)
        {
            return merged;
        }

        if (expectedVersion is { } expected && expected != product.Version)
        {
            return Outcome<ProductView>.VersionMismatch(product.Version);
        }

        return null;
    }

    private ProductView ToView(ProductState p) => new(
        p.Id,
        S.CreditCode,
        p.Name,
        p.Kind,
        p.RegistrationClass,
        p.Indication,
        p.InnovativeDevice,
        taxonomy.IsClassOne(p.RegistrationClass),
        p.Current.Stage,
        p.Current.Date,
        p.Stages.Select(s => new StageEntry(s.Stage, s.Date, s.Skipped.ToArray(), s.Correction, s.Reason, s.Note, s.RecordedBy, s.RecordedAt)).ToArray(),
        p.Version,
        p.UpdatedAt);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A short random id with a kind letter (P… products, F… funding); never all hex digits.</summary>
    private static string NewId(char kind)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[11];
        chars[0] = kind;
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i + 1] = alphabet[bytes[i] % alphabet.Length];
        }

        return new string(chars);
    }
}
