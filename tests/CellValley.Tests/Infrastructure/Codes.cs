using CellValley.Grains.Common;

namespace CellValley.Tests.Infrastructure;

/// <summary>Fresh, valid Unified Social Credit Codes, so every test works on its own enterprise.</summary>
public static class Codes
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    public static string NewCode()
    {
        var chars = new char[17];
        chars[0] = '9';
        chars[1] = '1';
        "120116".CopyTo(0, chars, 2, 6);
        for (var i = 8; i < 17; i++)
        {
            chars[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }

        return new string(chars) + CreditCode.CheckCharacter(chars);
    }
}
