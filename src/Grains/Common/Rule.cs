using System.Globalization;

namespace CellValley.Grains.Common;

/// <summary>
/// A rule a value broke, as a code with its arguments (rendered by the API in the caller's language,
/// from its resource files) and the English text (for logs and any caller without those files).
/// </summary>
public sealed partial record Rule(string Code, string English, params string[] Args)
{
    private static string S(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static Rule Required() => new("Required", "is required");

    public static Rule MaxLength(int max) => new("MaxLength", $"must be at most {max} characters", S(max));

    public static Rule NotNegative() => new("NotNegative", "must not be negative");

    public static Rule NotNull() => new("NotNull", "must not be null");

    public static Rule NotInFuture(DateOnly today) => new("NotInFuture", $"must not be in the future (today is {D(today)})", D(today));

    public static Rule NotBefore(DateOnly earliest) => new("NotBefore", $"must be on or after {D(earliest)}", D(earliest));

    public static Rule Between(decimal min, decimal max) => new("Between", $"must be between {S(min)} and {S(max)}", S(min), S(max));

    public static Rule YearBetween(int min, int max) => new("YearBetween", $"must be a year between {S(min)} and {S(max)}", S(min), S(max));

    public static Rule OneOf(string choices) => new("OneOf", $"must be one of: {choices}", choices);

    public static Rule AfterField(string other) => new("AfterField", $"must be after {other}", other);

    public static Rule AmountMax(decimal max) => new("AmountMax", $"must be at most {S(max)} yuan", S(max));

    public static Rule SegmentsMin() => new("SegmentsMin", "must name at least one segment (see GET /api/taxonomy)");

    public static Rule SegmentsMax(int max) => new("SegmentsMax", $"must name at most {max} segments", S(max));

    public static Rule UnknownSegment(string segment) => new("UnknownSegment", $"'{segment}' is not a known segment (see GET /api/taxonomy)", segment);

    public static Rule ListedTwice(string value) => new("ListedTwice", $"'{value}' is listed twice", value);

    public static Rule ContactsMax(int max) => new("ContactsMax", $"must hold at most {max} contacts", S(max));

    public static Rule Phone() => new("Phone", "may hold only digits, spaces and + - ( )");

    public static Rule Email() => new("Email", "must be an e-mail address (name@domain)");

    public static Rule Identifier() => new("Identifier", "must be 1-40 letters, digits, '-', '_' or '.'");

    public static Rule Positive() => new("Positive", "must be more than 0");

    public static Rule PositiveAtMost(decimal max) => new("PositiveAtMost", $"must be more than 0 and at most {S(max)}", S(max));

    public static Rule ShareAboveZero() => new("ShareAboveZero", "must be a share above 0 and at most 1 (0.8 = 80%)");

    public static Rule Share() => new("Share", "must be a share between 0 and 1 (0.6 = 60%)");

    public static Rule ListMax(int max) => new("ListMax", $"must list at most {max} entries", S(max));

    public static Rule NotRegistered(string what) => new("NotRegistered", $"'{what}' is not registered", what);

    public static Rule OnlyWhen(string condition) => new("OnlyWhen", $"applies only when {condition}; leave it out otherwise", condition);

    public static Rule RequiredWhen(string condition) => new("RequiredWhen", $"is required when {condition}", condition);

    public static Rule NotBeforeEntered(DateOnly since, string state) =>
        new("NotBeforeEntered", $"must not be before {D(since)}, when it entered {state}", D(since), state);

    public static Rule NotBeforeField(string other, DateOnly value) =>
        new("NotBeforeField", $"must not be before {other} ({D(value)})", other, D(value));

    public static Rule ExportTooLarge(int max, int rows) =>
        new("ExportTooLarge", $"the list has {S(rows)} rows; a file holds at most {S(max)}: narrow the filters", S(max), S(rows));

    public static Rule NotWith(string other) => new("NotWith", $"cannot be combined with {other}", other);

    public static Rule NotAfterField(string other) => new("NotAfterField", $"must not be after {other}", other);

    public static Rule Unchanged(string value) => new("Unchanged", $"is already {value}", value);

    public static Rule AlreadyRegistered(string what) => new("AlreadyRegistered", $"'{what}' is already registered", what);

    public static Rule EntityRef() => new("EntityRef", "must be written kind:id, e.g. enterprise:91350100M000100Y43 or park:bolong");

    public static Rule EntityKind(string kinds) => new("EntityKind", $"the kind before the colon must be one of: {kinds}", kinds);

    public static Rule EntityId() => new("EntityId", "the id after the colon must be at most 64 letters, digits, '-' or '_'");

    public static Rule CodeLength(int length, int actual) =>
        new("CodeLength", $"must be {length} characters (GB 32100-2015), got {actual}", S(length), S(actual));

    public static Rule CodeCharacter(char character, int position) =>
        new("CodeCharacter", $"character '{character}' at position {position} is not allowed (digits and A-H J-N P Q R T U W X Y only)",
            character.ToString(), S(position));

    public static Rule CodeCheck(char actual, char expected) =>
        new("CodeCheck", $"check character is '{actual}' but GB 32100-2015 gives '{expected}'", actual.ToString(), expected.ToString());
}
