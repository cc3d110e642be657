using CellValley.Grains.Common;

namespace CellValley.Grains.Relations;

/// <summary>A reference to a registered thing: "enterprise:91350100M000100Y43", "institution:I…", "platform:…", "park:…".</summary>
[GenerateSerializer, Immutable, Alias("cv.EntityRef")]
public sealed record EntityRef([property: Id(0)] string Kind, [property: Id(1)] string Id)
{
    public const string Enterprise = "enterprise";
    public const string Institution = "institution";
    public const string Platform = "platform";
    public const string Park = "park";
    public static readonly string[] Kinds = [Enterprise, Institution, Platform, Park];

    public override string ToString() => $"{Kind}:{Id}";

    /// <summary>Parses "kind:id"; enterprise codes are validated and upper-cased.</summary>
    public static bool TryParse(string? text, out EntityRef? entity, out Rule? reason)
    {
        entity = null;
        var colon = text?.IndexOf(':') ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            reason = Rule.EntityRef();
            return false;
        }

        var kind = text[..colon].Trim().ToLowerInvariant();
        var id = text[(colon + 1)..].Trim();
        if (!Kinds.Contains(kind))
        {
            reason = Rule.EntityKind(string.Join(", ", Kinds));
            return false;
        }

        if (kind == Enterprise)
        {
            if (CreditCode.Validate(id) is { } codeRule)
            {
                reason = codeRule;
                return false;
            }

            id = CreditCode.Normalize(id);
        }
        else if (id.Length > 64 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            reason = Rule.EntityId();
            return false;
        }

        entity = new EntityRef(kind, id);
        reason = null;
        return true;
    }
}
