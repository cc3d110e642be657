namespace CellValley.Grains.Common;

/// <summary>
/// The Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-symbol
/// alphabet, the last one a check character over the first 17.
/// </summary>
public static class CreditCode
{
    public const int Length = 18;
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Upper-cases and trims a code; does not validate it.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    /// <summary>The rule the code breaks (length, alphabet, check character), or null when it is valid.</summary>
    public static Rule? Validate(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return Rule.Required();
        }

        var normalized = Normalize(code);
        if (normalized.Length != Length)
        {
            return Rule.CodeLength(Length, normalized.Length);
        }

        for (var i = 0; i < Length; i++)
        {
            if (Alphabet.IndexOf(normalized[i]) < 0)
            {
                return Rule.CodeCharacter(normalized[i], i + 1);
            }
        }

        var expected = CheckCharacter(normalized.AsSpan(0, Length - 1));
        return normalized[Length - 1] != expected ? Rule.CodeCheck(normalized[Length - 1], expected) : null;
    }

    public static bool IsValid(string? code) => Validate(code) is null;

    /// <summary>The index-th of a series of valid codes in Binhai's region (120116), for generated clusters and benchmarks.</summary>
    public static string Synthetic(long index)
    {
        var body = new char[9];
        var n = index + (31L * 31 * 31 * 31 * 31 * 31 * 31);
        for (var i = 8; i >= 0; i--)
        {
            body[i] = Alphabet[(int)(n % 31)];
            n /= 31;
        }

        var first17 = "91120116" + new string(body);
        return first17 + CheckCharacter(first17);
    }

    /// <summary>Computes the check character for the first 17 characters.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException($"Expected {Length - 1} characters.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(first17[i]));
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit-code character.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }
}
