using System.Globalization;

namespace CellValley.Grains.Plans;

/// <summary>A calendar quarter ("2021Q3"), the period each progress report (季报) covers.</summary>
public readonly record struct PlanQuarter(int Year, int Number) : IComparable<PlanQuarter>
{
    private static readonly string[] Chinese = ["一", "二", "三", "四"];

    public DateOnly Start => new(Year, (Number - 1) * 3 + 1, 1);

    public DateOnly End => Start.AddMonths(3).AddDays(-1);

    /// <summary>The day a quarter's report is due: the given number of days after the quarter ends.</summary>
    public DateOnly DueOn(int daysAfter) => End.AddDays(daysAfter);

    public PlanQuarter Next => Number == 4 ? new(Year + 1, 1) : new(Year, Number + 1);

    public PlanQuarter Previous => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);

    /// <summary>How the 季报 names it: 2021年第三季度.</summary>
    public string Label => $"{Year}年第{Chinese[Number - 1]}季度";

    public static PlanQuarter Of(DateOnly day) => new(day.Year, (day.Month - 1) / 3 + 1);

    public static bool TryParse(string? text, out PlanQuarter quarter)
    {
        quarter = default;
        var value = text?.Trim().ToUpperInvariant();
        if (value is not { Length: 6 } || value[4] != 'Q' || value[5] is < '1' or > '4'
            || !int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 2000)
        {
            return false;
        }

        quarter = new PlanQuarter(year, value[5] - '0');
        return true;
    }

    /// <summary>The quarters from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>.</summary>
    public static IEnumerable<PlanQuarter> Between(DateOnly from, DateOnly to)
    {
        for (var q = Of(from); q.CompareTo(Of(to)) <= 0; q = q.Next)
        {
            yield return q;
        }
    }

    public int CompareTo(PlanQuarter other) => (Year * 4 + Number).CompareTo(other.Year * 4 + other.Number);

    public static bool operator <(PlanQuarter a, PlanQuarter b) => a.CompareTo(b) < 0;

    public static bool operator >(PlanQuarter a, PlanQuarter b) => a.CompareTo(b) > 0;

    public static bool operator <=(PlanQuarter a, PlanQuarter b) => a.CompareTo(b) <= 0;

    public static bool operator >=(PlanQuarter a, PlanQuarter b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Year}Q{Number}";
}
