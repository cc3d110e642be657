using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CellValley.Api.Imports;

/// <summary>
/// The forms people type into a roster, read into values: dates (2025-03-01, 2025/3/1, 2025年3月1日,
/// 2025.3.1, an Excel date serial), amounts in 元, 万元 or 亿元 (from the column header), codes (full-width
/// characters, spaces and lower case normalised), lists separated by 、，,；; . Each returns null with a
/// Chinese reason when the text is not of its kind.
/// </summary>
public static partial class Cells
{
    /// <summary>Full-width letters, digits and punctuation to their ASCII forms, spaces trimmed.</summary>
    public static string Normalize(string text) => text.Normalize(NormalizationForm.FormKC).Trim();

    public static string Code(string text) => Spaces().Replace(Normalize(text), "").ToUpperInvariant();

    public static (DateOnly? Value, string? Problem) Date(string text)
    {
        var t = Normalize(text);
        var match = DateForm().Match(t);
        if (match.Success && int.TryParse(match.Groups[1].Value, out var y) && int.TryParse(match.Groups[2].Value, out var m) && int.TryParse(match.Groups[3].Value, out var d)
            && y is >= 1900 and <= 2999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
        {
            return (new DateOnly(y, m, d), null);
        }

        // An Excel date serial (days since 1899-12-30), as a cell without date formatting gives it.
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 401769 && serial == Math.Floor(serial))
        {
            return (DateOnly.FromDateTime(DateTime.FromOADate(serial)), null);
        }

        return (null, "日期格式应为 2025-03-01、2025/3/1 或 2025年3月1日");
    }

    /// <summary>The multiplier a header's unit names: （万元） 10,000, （亿元） 100,000,000, otherwise 元.</summary>
    public static decimal Unit(string header)
    {
        var h = Normalize(header);
        return h.Contains("亿元", StringComparison.Ordinal) ? 100_000_000m : h.Contains("万元", StringComparison.Ordinal) ? 10_000m : 1m;
    }

    public static (decimal? Value, string? Problem) Amount(string text, decimal unit)
    {
        var t = Normalize(text).Replace(",", "", StringComparison.Ordinal).Replace("¥", "", StringComparison.Ordinal).Replace("元", "", StringComparison.Ordinal);
        if (decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return (Math.Round(value * unit, 2), null);
        }

        return (null, "应为数字金额");
    }

    public static (int? Value, string? Problem) Whole(string text)
    {
        var t = Normalize(text).Replace(",", "", StringComparison.Ordinal);
        if (decimal.TryParse(t, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue)
        {
            return ((int)value, null);
        }

        return (null, "应为整数");
    }

    public static (bool? Value, string? Problem) YesNo(string text) =>
        Normalize(text).ToLowerInvariant() switch
        {
            "是" or "有" or "y" or "yes" or "true" or "1" or "√" => (true, null),
            "否" or "无" or "n" or "no" or "false" or "0" or "×" => (false, null),
            _ => (null, "应为“是”或“否”"),
        };

    public static IReadOnlyList<string> List(string text) =>
        Separators().Split(text.Normalize(NormalizationForm.FormKC)).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToArray();

    /// <summary>A header as matched against a template's: no spaces, no required-mark, no unit.</summary>
    public static string HeaderKey(string header) => UnitSuffix().Replace(Spaces().Replace(Normalize(header), "").Replace("*", "", StringComparison.Ordinal), "");

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")]
    private static partial Regex DateForm();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // NFKC keeps the ideographic comma 、 and turns ，；into , ;
    [GeneratedRegex(@"[、,;/|]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"\((元|万元|亿元|人|年|㎡|m2)\)$")]
    private static partial Regex UnitSuffix();
}
