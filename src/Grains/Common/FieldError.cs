namespace CellValley.Grains.Common;

/// <summary>A rule broken by one field of a request; <see cref="Field"/> uses the JSON path.</summary>
/// <remarks>Code and Args, when given, name the rule so that the API can say it in the caller's language.</remarks>
[GenerateSerializer, Immutable, Alias("cv.FieldError")]
public sealed record FieldError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Rule,
    [property: Id(2)] string? Code = null,
    [property: Id(3)] IReadOnlyList<string>? Args = null);

/// <summary>Collects field errors while a request is checked.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<FieldError> ToList() => _errors.ToArray();

    public void Add(string field, string rule) => _errors.Add(new FieldError(field, rule));

    public void Add(string field, Rule rule) => _errors.Add(new FieldError(field, rule.English, rule.Code, rule.Args));

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, Common.Rule.MaxLength(max));
        }
    }

    public void Required(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, Common.Rule.Required());
            return;
        }

        MaxLength(field, value, max);
    }

    public void NotNegative(string field, decimal? value)
    {
        if (value < 0)
        {
            Add(field, Common.Rule.NotNegative());
        }
    }
}
