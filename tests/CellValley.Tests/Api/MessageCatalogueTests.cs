using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using CellValley.Api.Resources;
using CellValley.Grains.Common;

namespace CellValley.Tests.Api;

/// <summary>
/// Every message the API can say exists in Chinese and English with the same placeholders, and every rule
/// a grain can raise has both texts, the English one word for word what the rule itself carries.
/// </summary>
public sealed partial class MessageCatalogueTests
{
    private static readonly ResourceManager Resources = new("CellValley.Api.Resources.Messages", typeof(Messages).Assembly);

    private static Dictionary<string, string> Catalogue(CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static Dictionary<string, string> Chinese => Catalogue(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> English => Catalogue(CultureInfo.GetCultureInfo("en"));

    [Fact]
    public void ChineseAndEnglishHoldTheSameMessagesWithTheSamePlaceholders()
    {
        var chinese = Chinese;
        var english = English;
        Assert.True(chinese.Count > 150, $"only {chinese.Count} messages");
        Assert.Equal(chinese.Keys.Order(), english.Keys.Order());
        foreach (var (key, text) in chinese)
        {
            Assert.True(Placeholders(text).SetEquals(Placeholders(english[key])), $"{key}: 「{text}」 and “{english[key]}” differ in placeholders");
            Assert.True(text.Any(IsChinese) || key is "Rule.Json", $"{key} has no Chinese: {text}");
        }
    }

    [Fact]
    public void EveryMessageKeyTheApiNamesExists()
    {
        var chinese = Chinese;
        var keys = typeof(Messages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        Assert.True(keys.Count > 60);
        var missing = keys.Where(k => !chinese.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "no text for " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryRuleAGrainCanRaiseIsWrittenInBothLanguages()
    {
        var chinese = Chinese;
        var english = English;
        var factories = typeof(Rule).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(Rule)).ToList();
        Assert.True(factories.Count > 80, $"only {factories.Count} rules");
        foreach (var factory in factories)
        {
            foreach (var rule in Samples(factory))
            {
                var key = "Rule." + rule.Code;
                Assert.True(chinese.ContainsKey(key), $"{factory.Name}: no Chinese text for {key}");
                var rendered = rule.Args.Length == 0 ? english[key] : string.Format(CultureInfo.InvariantCulture, english[key], rule.Args);
                Assert.Equal(rule.English, rendered);
                Assert.Equal(Placeholders(chinese[key]).Count, rule.Args.Length);
            }
        }
    }

    [Fact]
    public void TheApiNamesItsMessagesByKeyNotByEnglishText()
    {
        // A literal English sentence handed to a problem would reach the caller untranslated.
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Api");
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => LiteralMessage().IsMatch(x.line) || TernaryLiteral().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"Problems\.(NotFound|Forbidden|Conflict)\(\$?""[A-Za-z]|(Problems\.Invalid\w*|errors\.Add)\([^,()]*,\s*\$?""[A-Za-z]|Answers\.\w+\(.*,\s*\$?""[A-Za-z][^""]*"",\s*\w+\.AsDto")]
    private static partial Regex LiteralMessage();

    /// <summary>An English sentence as one branch of a conditional that picks a problem's text.</summary>
    [GeneratedRegex(@"^\s*[?:]\s*\$?""[A-Z][a-z]+ ")]
    private static partial Regex TernaryLiteral();

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();

    private static bool IsChinese(char c) => c is >= '\u4E00' and <= '\u9FFF';

    private static IEnumerable<Rule> Samples(MethodInfo factory)
    {
        var parameters = factory.GetParameters();
        IEnumerable<object?[]> variants = parameters.Any(p => p.ParameterType == typeof(bool))
            ? [Arguments(parameters, false), Arguments(parameters, true)]
            : [Arguments(parameters, false)];
        return variants.Select(args => (Rule)factory.Invoke(null, args)!);
    }

    private static object?[] Arguments(ParameterInfo[] parameters, bool flag) => parameters.Select(object? (p) => p.ParameterType switch
    {
        var t when t == typeof(string) => "x",
        var t when t == typeof(int) => 3,
        var t when t == typeof(decimal) => 2.5m,
        var t when t == typeof(char) => 'Z',
        var t when t == typeof(bool) => flag,
        var t when t == typeof(DateOnly) => new DateOnly(2026, 3, 1),
        var t when t == typeof(DateTimeOffset) => new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero),
        var t => throw new InvalidOperationException($"no sample for {t}"),
    }).ToArray();
}
