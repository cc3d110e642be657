namespace CellValley.Grains.Common;

/// <summary>
/// A short text the domain writes for people (a clause's threshold, the value it found, a note), as a code
/// with its arguments, rendered by the API in the caller's language; English is the text for logs.
/// </summary>
[GenerateSerializer, Immutable, Alias("cv.Phrase")]
public sealed record Phrase([property: Id(0)] string Code, [property: Id(1)] string English, [property: Id(2)] string[] Args)
{
    public static Phrase Of(string code, string english, params string[] args) => new(code, english, args);
}
