namespace CellValley.Api.Resources;

/// <summary>A message of <see cref="Messages"/> with its arguments, rendered in the request's language when it is shown.</summary>
public sealed record Text(string Key, params object?[] Arguments)
{
    public override string ToString() => Messages.Get(Key, Arguments);
}
