using CellValley.Tests.Infrastructure;
using Dapper;

namespace CellValley.Tests.Grains;

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task<string> RegisterAsync(TimeSpan period);

    Task<bool> HasReminderAsync();

    Task UnregisterAsync();
}

/// <summary>A grain used only to drive the ADO.NET reminder table's queries.</summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public async Task<string> RegisterAsync(TimeSpan period)
    {
        var reminder = await this.RegisterOrUpdateReminder("probe", period, period);
        return reminder.ReminderName;
    }

    public async Task<bool> HasReminderAsync() => await this.GetReminder("probe") is not null;

    public async Task UnregisterAsync()
    {
        var reminder = await this.GetReminder("probe");
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}

[Collection(ClusterCollection.Name)]
public sealed class ReminderTableTests(ClusterFixture fixture)
{
    [Fact]
    public async Task RemindersAreStoredReadAndDeletedThroughTheProjectsSql()
    {
        var key = "probe-" + Guid.NewGuid().ToString("N");
        var grain = fixture.Grains.GetGrain<IReminderProbeGrain>(key);

        await grain.RegisterAsync(TimeSpan.FromMinutes(5));
        await grain.RegisterAsync(TimeSpan.FromMinutes(6));

        Assert.True(await grain.HasReminderAsync());
        await using (var connection = await fixture.Database.DataSource.OpenConnectionAsync())
        {
            var row = await connection.QuerySingleAsync<(long Period, int Version)>(
                "SELECT period, version FROM orleansreminderstable WHERE grainid LIKE @key", new { key = "%" + key });
            Assert.Equal((360_000L, 1), row);
        }

        await grain.UnregisterAsync();

        Assert.False(await grain.HasReminderAsync());
        await using (var connection = await fixture.Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE @key", new { key = "%" + key }));
        }
    }
}
