namespace CellValley.Grains.Common;

/// <summary>How a command ended. Expected outcomes are values, not exceptions.</summary>
[GenerateSerializer, Alias("cv.OutcomeKind")]
public enum OutcomeKind
{
    Ok = 0,
    NotFound = 1,
    AlreadyExists = 2,
    VersionMismatch = 3,
    Invalid = 4,

    /// <summary>Well-formed, but a published policy forbids it (e.g. a grant over its cap).</summary>
    PolicyBreach = 5,

    /// <summary>Clashes with something that exists (e.g. an overlapping lease); Errors name it.</summary>
    Conflict = 6,
}

/// <summary>The result of a grain command: the value on success, else why not.</summary>
[GenerateSerializer, Immutable, Alias("cv.Outcome`1")]
public sealed record Outcome<T>(
    [property: Id(0)] OutcomeKind Kind,
    [property: Id(1)] T? Value,
    [property: Id(2)] IReadOnlyList<FieldError> Errors,
    [property: Id(3)] int CurrentVersion,
    [property: Id(4)] Funding.CapBreach? Breach = null) : IOutcome
{
    public bool IsOk => Kind == OutcomeKind.Ok;

    public static Outcome<T> Ok(T value, int version) => new(OutcomeKind.Ok, value, [], version);

    public static Outcome<T> NotFound() => new(OutcomeKind.NotFound, default, [], 0);

    public static Outcome<T> AlreadyExists(int version) => new(OutcomeKind.AlreadyExists, default, [], version);

    public static Outcome<T> VersionMismatch(int version) => new(OutcomeKind.VersionMismatch, default, [], version);

    public static Outcome<T> Invalid(IReadOnlyList<FieldError> errors, int version) => new(OutcomeKind.Invalid, default, errors, version);

    public static Outcome<T> Conflicting(IReadOnlyList<FieldError> errors, int version) => new(OutcomeKind.Conflict, default, errors, version);

    /// <summary>The same refusal as an outcome of another type (not for Ok).</summary>
    public Outcome<TOther> As<TOther>() => new(Kind, default, Errors, CurrentVersion, Breach);

    public static Outcome<T> Breached(Funding.CapBreach breach, int version) => new(OutcomeKind.PolicyBreach, default, [], version, breach);
}
