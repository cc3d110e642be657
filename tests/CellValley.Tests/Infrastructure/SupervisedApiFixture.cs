using CellValley.Grains.Plans;
using Microsoft.Extensions.DependencyInjection;

namespace CellValley.Tests.Infrastructure;

/// <summary>A clock the test sets: the day it plays, at noon UTC.</summary>
public sealed class ManualClock(DateOnly day) : TimeProvider
{
    private DateTimeOffset _now = Noon(day);

    public void Set(DateOnly day) => _now = Noon(day);

    public override DateTimeOffset GetUtcNow() => _now;

    private static DateTimeOffset Noon(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
}

/// <summary>The service with the action plan's supervision clock in the test's hands (the registry's own clock stays the system's).</summary>
public sealed class SupervisedApiFixture : ApiFixture
{
    public ManualClock Clock { get; } = new(new DateOnly(2025, 1, 2));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(new SupervisionClock(Clock));
}

[CollectionDefinition(Name)]
public sealed class SupervisedCollection : ICollectionFixture<SupervisedApiFixture>
{
    public const string Name = "supervised";
}
