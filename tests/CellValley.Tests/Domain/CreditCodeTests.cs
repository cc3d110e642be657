using CellValley.Grains.Common;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Domain;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91350100m000100y43")]
    [InlineData(" 91350100M000100Y43 ")]
    public void TheDesignSampleCodeIsValidInAnyCaseAndSpacing(string code) => Assert.True(CreditCode.IsValid(code));

    [Fact]
    public void AWrongCheckCharacterIsRejectedWithTheExpectedOne()
    {
        var rule = CreditCode.Validate("91350100M000100Y44");
        Assert.Equal("CodeCheck", rule?.Code);
        Assert.Equal(["4", "3"], rule!.Args);
    }

    [Fact]
    public void TheInvalidDesignSampleIsRejectedForItsLetterZ()
    {
        var rule = CreditCode.Validate("91350100M000100Y4Z");
        Assert.Equal("CodeCharacter", rule?.Code);
        Assert.Contains("'Z'", rule!.English);
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData(null, "is required")]
    [InlineData("91350100M000100Y4", "18 characters")]
    [InlineData("91350100M000100Y433", "18 characters")]
    [InlineData("91350100I000100Y43", "'I'")]
    [InlineData("91350100O000100Y43", "'O'")]
    [InlineData("91350100S000100Y43", "'S'")]
    [InlineData("91350100V000100Y43", "'V'")]
    public void MalformedCodesAreRejectedWithAReason(string? code, string expected)
    {
        var rule = CreditCode.Validate(code);
        Assert.NotNull(rule);
        Assert.Contains(expected, rule.English);
    }

    [Fact]
    public void TheCheckCharacterFollowsTheWeightedSumMod31()
    {
        // 9·1 + 1·3 + 3·9 + 5·27 + 1·26 + M(21)·20 + 1·8 + Y(30)·30 + 4·28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
        Assert.Equal('3', CreditCode.CheckCharacter("91350100M000100Y4"));
    }

    [Fact]
    public void EveryGeneratedTestCodeIsValid()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(CreditCode.IsValid(Codes.NewCode()));
        }
    }

    [Fact]
    public void ChangingAnyOneCharacterOfAValidCodeIsDetected()
    {
        const string valid = "91350100M000100Y43";
        for (var position = 0; position < 17; position++)
        {
            var chars = valid.ToCharArray();
            chars[position] = chars[position] == '0' ? '1' : '0';
            Assert.False(CreditCode.IsValid(new string(chars)), $"change at {position + 1} went unnoticed");
        }
    }
}
