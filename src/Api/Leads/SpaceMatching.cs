using CellValley.Api.Common;
using CellValley.Api.Parks;
using CellValley.Grains.Leads;

namespace CellValley.Api.Leads;

/// <summary>A vacant unit scored against a lead's space needs (100 is a perfect fit).</summary>
public sealed record SpaceMatch(VacancyRow Unit, int Score, IReadOnlyList<string> Missing, string AreaFit, bool PreferredPark);

/// <summary>Ranks vacant units for a lead: required fit-out first, then area, then the preferred park.</summary>
public static class SpaceMatching
{
    private const string Grades = "ABCD";

    /// <summary>The best <paramref name="take"/> of every vacant unit, and how many were weighed.</summary>
    public static RankedList<SpaceMatch> Rank(SpaceNeeds needs, IReadOnlyCollection<VacancyRow> vacancies, int take = 20)
    {
        var best = vacancies.Select(v => Score(needs, v)).OrderByDescending(m => m.Score).ThenBy(m => m.Unit.AreaSqm).Take(take).ToArray();
        return new RankedList<SpaceMatch>(best, vacancies.Count, vacancies.Count > best.Length);
    }

    private static SpaceMatch Score(SpaceNeeds needs, VacancyRow unit)
    {
        var missing = new List<string>();
        if (needs.FitOut is { } wanted)
        {
            // GMP grade A is the strictest; a stricter room serves a laxer need.
            if (wanted.GmpGrade is { } grade && (unit.GmpGrade is null || Grades.IndexOf(unit.GmpGrade[0]) > Grades.IndexOf(grade[0])))
            {
                missing.Add($"GMP grade {grade}");
            }

            if (wanted.LabDrains && !unit.LabDrains)
            {
                missing.Add("lab drains");
            }

            if (wanted.Exhaust && !unit.Exhaust)
            {
                missing.Add("exhaust");
            }

            if (wanted.ColdStorage && !unit.ColdStorage)
            {
                missing.Add("cold storage");
            }

            if (wanted.CleanRoom && !unit.CleanRoom)
            {
                missing.Add("clean room");
            }
        }

        var score = 100 - (30 * missing.Count);
        var fit = "no area given";
        if (needs.AreaSqm is { } area and > 0)
        {
            var ratio = unit.AreaSqm / area;
            fit = ratio < 1 ? $"{Math.Round(ratio * 100)}% of the area needed" : ratio <= 1.25m ? "fits" : $"{Math.Round(ratio * 100)}% of the area needed (larger)";
            score -= ratio < 1 ? 20 + (int)Math.Min(40, (1 - ratio) * 100) : (int)Math.Min(30, (ratio - 1) * 40);
        }

        var preferred = needs.PreferredParkId is not null && needs.PreferredParkId == unit.ParkId;
        if (preferred)
        {
            score += 10;
        }

        return new SpaceMatch(unit, Math.Clamp(score, 0, 110), missing, fit, preferred);
    }
}
