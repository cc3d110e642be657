using CellValley.Grains.Plans;
using Microsoft.Extensions.Logging;

namespace CellValley.Grains.Inbox;

/// <summary>The one grain (key 0) whose Orleans reminder computes the 待办 inbox every hour, for the supervision clock's day.</summary>
public interface IInboxScheduler : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder (stored in the reminder table: it survives restarts and moves with the cluster).</summary>
    Task EnsureAsync();

    /// <summary>Computes the inbox now, for the clock's day; answers how many items were new.</summary>
    Task<int> RunAsync();
}

public sealed class InboxScheduler(InboxBuilder builder, SupervisionClock clock, ILogger<InboxScheduler> log) : Grain, IInboxScheduler, IRemindable
{
    public const string ReminderName = "inbox-daily";

    public async Task EnsureAsync() =>
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    public Task<int> RunAsync() => builder.RunAsync(clock.Today);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var created = await RunAsync();
        if (created > 0)
        {
            log.LogInformation("Inbox: {Created} new items for {Day}", created, clock.Today);
        }
    }
}
