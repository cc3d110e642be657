using System.Globalization;

namespace CellValley.Api.Enterprises;

/// <summary>Strong ETags carrying an entity's version: "3".</summary>
public static class ETags
{
    public static string Format(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Parses If-Match: "3", W/"3" or * (any version, expected = null).</summary>
    public static bool TryParse(string header, out int? expected)
    {
        var value = header.Trim();
        expected = null;
        if (value == "*")
        {
            return true;
        }

        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            expected = version;
            return true;
        }

        return false;
    }
}
