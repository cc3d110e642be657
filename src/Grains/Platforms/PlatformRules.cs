using CellValley.Grains.Common;

namespace CellValley.Grains.Platforms;

/// <summary>Rules of public service platforms: kinds, the description, and the status ladder planned → building → operating.</summary>
public static class PlatformRules
{
    public static readonly string[] Kinds =
        ["engineering-centre", "innovation-centre", "cell-bank", "testing", "cro-cdmo", "gcp-site", "p3-lab", "pilot-plant", "lab-animals", "incubator", "industrialisation-base", "other"];
    public static readonly string[] Statuses = ["planned", "building", "operating"];

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

    public static void CheckStatus(FieldErrors errors, string status, DateOnly since, PlatformStatusState? previous, DateOnly today)
    {
        var rank = Array.IndexOf(Statuses, status);
        if (rank < 0)
        {
            errors.Add("status", Rule.OneOf(string.Join(", ", Statuses)));
            return;
        }

        if (since > today)
        {
            errors.Add("since", Rule.NotInFuture(today));
        }

        if (previous is not null)
        {
            if (rank <= Array.IndexOf(Statuses, previous.Status))
            {
                errors.Add("status", Rule.PlatformForward(previous.Status));
            }
            else if (since < previous.Since)
            {
                errors.Add("since", Rule.NotBeforeEntered(previous.Since, previous.Status));
            }
        }
    }
}
