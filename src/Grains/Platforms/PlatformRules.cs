using CellValley.Grains.Common;

namespace CellValley.Grains.Platforms;

/// <summary>
/// Rules of public service platforms: kinds, the description, and the status ladder planned → building →
/// operating, which an operating platform may leave for suspended (停运, and back) and any platform for
/// closed (撤销, for good); suspending and closing say why.
/// </summary>
public static class PlatformRules
{
    public static readonly string[] Kinds =
        ["engineering-centre", "innovation-centre", "cell-bank", "testing", "cro-cdmo", "gcp-site", "p3-lab", "pilot-plant", "lab-animals", "incubator", "industrialisation-base", "other"];
    public static readonly string[] Statuses = ["planned", "building", "operating", "suspended", "closed"];

    private static readonly string[] Ladder = ["planned", "building", "operating"];

    /// <summary>The description's own rules (whether its park exists is the grain's to ask).</summary>
    public static FieldErrors Validate(PlatformInfo info)
    {
        var errors = new FieldErrors();
        errors.Required("name", info.Name, 100);
        if (!Kinds.Contains(info.Kind))
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", Kinds)));
        }

        errors.MaxLength("operator", info.Operator, 100);
        errors.MaxLength("note", info.Note, 500);
        if (info.Services.Count > 50)
        {
            errors.Add("services", Rule.ListMax(50));
        }

        for (var i = 0; i < info.Services.Count; i++)
        {
            errors.Required($"services[{i}]", info.Services[i], 100);
        }

        return errors;
    }

    public static void CheckStatus(FieldErrors errors, string status, DateOnly since, PlatformStatusState? previous, DateOnly today, string? reason = null)
    {
        if (!Statuses.Contains(status) || (previous is null && !Ladder.Contains(status)))
        {
            errors.Add("status", Rule.OneOf(string.Join(", ", previous is null ? Ladder : Statuses)));
            return;
        }

        if (status is "suspended" or "closed")
        {
            errors.Required("reason", reason, 500);
        }

        if (since > today)
        {
            errors.Add("since", Rule.NotInFuture(today));
        }

        if (previous is not null)
        {
            if (!Allowed(previous.Status, status))
            {
                errors.Add("status", Rule.PlatformForward(previous.Status));
            }
            else if (since < previous.Since)
            {
                errors.Add("since", Rule.NotBeforeEntered(previous.Since, previous.Status));
            }
        }
    }

    /// <summary>Forward on the ladder; operating ⇄ suspended; anything not closed → closed.</summary>
    private static bool Allowed(string from, string to) => (from, to) switch
    {
        ("closed", _) => false,
        (_, "closed") => true,
        ("operating", "suspended") or ("suspended", "operating") => true,
        _ => Ladder.Contains(from) && Ladder.Contains(to) && Array.IndexOf(Ladder, to) > Array.IndexOf(Ladder, from),
    };
}
