using System.Globalization;

namespace CellValley.Api.Enterprises;

/// <summary>Strong ETags carrying an entity's version: "3".</summary>
public static class ETags
{
    /// <summary>The version a foreign entity tag stands for: none, so the precondition fails.</summary>
    public const int NoVersion = -1;

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

        var quoted = value.Length >= 2 && value[0] == '"' && value[^1] == '"';
        if (quoted)
        {
            value = value[1..^1];
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            expected = version;
            return true;
        }

        if (quoted && !value.Contains('"', StringComparison.Ordinal))
        {
            // A well-formed entity tag this service never issued matches no version: 412, as HTTP says.
            expected = NoVersion;
            return true;
        }

        return false;
    }
}
