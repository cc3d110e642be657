using CellValley.Grains.Common;

namespace CellValley.Grains.Institutions;

/// <summary>Rules of institutions (universities, hospitals, research institutes).</summary>
public static class InstitutionRules
{
    public static readonly string[] Kinds = ["university", "hospital", "research-institute", "other"];

    public static IReadOnlyList<FieldError> Validate(InstitutionInfo info)
    {
        var errors = new FieldErrors();
        errors.Required("name", info.Name, 200);
        if (!Kinds.Contains(info.Kind))
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", Kinds)));
        }

        errors.MaxLength("city", info.City, 50);
        errors.MaxLength("note", info.Note, 500);
        return errors.ToList();
    }
}
