namespace CellValley.Api.Common;

/// <summary>The registry's day: dates are kept in UTC days everywhere, so every endpoint agrees on "today".</summary>
public static class Clock
{
    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
