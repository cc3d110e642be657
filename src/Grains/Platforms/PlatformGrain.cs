using CellValley.Grains.Common;
using CellValley.Grains.Events;
using CellValley.Grains.Relations;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Platforms;

/// <summary>A public service platform's description.</summary>
[GenerateSerializer, Immutable, Alias("cv.PlatformInfo")]
public sealed record PlatformInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? Operator,
    [property: Id(3)] string? ParkId,
    [property: Id(4)] IReadOnlyList<string> Services,
    [property: Id(5)] string? Note);

[GenerateSerializer, Immutable, Alias("cv.PlatformStatusEntry")]
public sealed record PlatformStatusEntry([property: Id(0)] string Status, [property: Id(1)] DateOnly Since);

[GenerateSerializer, Immutable, Alias("cv.PlatformView")]
public sealed record PlatformView(
    [property: Id(0)] string Id,
    [property: Id(1)] PlatformInfo Info,
    [property: Id(2)] string Status,
    [property: Id(3)] IReadOnlyList<PlatformStatusEntry> StatusHistory,
    [property: Id(4)] int Version);

/// <summary>A public service platform (平台), keyed "platform/{id}".</summary>
public interface IPlatformGrain : IGrainWithStringKey
{
    Task<Outcome<PlatformView>> CreateAsync(PlatformInfo info, string status, DateOnly since, Actor actor);

    Task<Outcome<PlatformView>> UpdateAsync(PlatformInfo info, int? expectedVersion, Actor actor);

    /// <summary>Moves the platform forward: planned → building → operating, dated.</summary>
    Task<Outcome<PlatformView>> AdvanceStatusAsync(string status, DateOnly since, Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<PlatformView?> GetAsync();
}

public static class PlatformKey
{
    public static string For(string id) => "platform/" + id;

    public static string IdOf(string key) => key["platform/".Length..];
}

public sealed class PlatformState : IOutboxState
{
    public bool Exists { get; set; }

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? Operator { get; set; }

    public string? ParkId { get; set; }

    public List<string> Services { get; set; } = [];

    public string? Note { get; set; }

    public List<PlatformStatusState> Statuses { get; set; } = [];

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}

public sealed class PlatformStatusState
{
    public string Status { get; set; } = "";

    public DateOnly Since { get; set; }
}

public sealed class PlatformGrain(
    [PersistentState(StateNames.Platform, StorageNames.Registry)] IPersistentState<PlatformState> state,
    EntityDirectory directory,
    OutboxRelay relay,
    TimeProvider clock) : Grain, IPlatformGrain
{
    public const string EntityType = "platform";
    public static readonly string[] Kinds =
        ["engineering-centre", "innovation-centre", "cell-bank", "testing", "cro-cdmo", "gcp-site", "p3-lab", "pilot-plant", "lab-animals", "incubator", "industrialisation-base", "other"];
    public static readonly string[] Statuses = ["planned", "building", "operating"];
    private GrainOutbox<PlatformState>? _outbox;

    private PlatformState S => state.State;

    private string Id => PlatformKey.IdOf(this.GetPrimaryKeyString());

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private GrainOutbox<PlatformState> Outbox => _outbox ??= new(this, state, relay, clock, EntityType, () => Id,
        (connection, transaction, current, _) => ProjectAsync(connection, transaction, current));

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Outbox.ResumeAsync();

    public async Task<Outcome<PlatformView>> CreateAsync(PlatformInfo info, string status, DateOnly since, Actor actor)
    {
        if (S.Exists)
        {
            return Outcome<PlatformView>.AlreadyExists(S.Version);
        }

        var errors = await ValidateAsync(info);
        CheckStatus(errors, status, since, previous: null);
        if (errors.Any)
        {
            return Outcome<PlatformView>.Invalid(errors.ToList(), S.Version);
        }

        S.Exists = true;
        Set(info);
        S.Statuses.Add(new PlatformStatusState { Status = status, Since = since });
        await CommitAsync("PlatformCreated", actor, [FieldChange.Of<object?>("platform", null, View().Info), FieldChange.Of<string?>("status", null, status)]);
        return Outcome<PlatformView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<PlatformView>> UpdateAsync(PlatformInfo info, int? expectedVersion, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<PlatformView>.NotFound();
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<PlatformView>.VersionMismatch(S.Version);
        }

        var errors = await ValidateAsync(info);
        if (errors.Any)
        {
            return Outcome<PlatformView>.Invalid(errors.ToList(), S.Version);
        }

        var before = View().Info;
        Set(info);
        await CommitAsync("PlatformUpdated", actor, [FieldChange.Of<object?>("platform", before, View().Info)]);
        return Outcome<PlatformView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<PlatformView>> AdvanceStatusAsync(string status, DateOnly since, Actor actor)
    {
        if (!S.Exists)
        {
            return Outcome<PlatformView>.NotFound();
        }

        var errors = new FieldErrors();
        CheckStatus(errors, status, since, S.Statuses[^1]);
        if (errors.Any)
        {
            return Outcome<PlatformView>.Invalid(errors.ToList(), S.Version);
        }

        var from = S.Statuses[^1].Status;
        S.Statuses.Add(new PlatformStatusState { Status = status, Since = since });
        await CommitAsync("PlatformStatusChanged", actor, [FieldChange.Of("status", from, status), FieldChange.Of<DateOnly?>("since", null, since)]);
        return Outcome<PlatformView>.Ok(View(), S.Version);
    }

    public Task<PlatformView?> GetAsync() => Task.FromResult(S.Exists ? View() : null);

    private void CheckStatus(FieldErrors errors, string status, DateOnly since, PlatformStatusState? previous)
    {
        var rank = Array.IndexOf(Statuses, status);
        if (rank < 0)
        {
            errors.Add("status", Rule.OneOf(string.Join(", ", Statuses)));
            return;
        }

        if (since > Today)
        {
            errors.Add("since", Rule.NotInFuture(Today));
        }

        if (previous is not null)
        {
            if (rank <= Array.IndexOf(Statuses, previous.Status))
            {
                errors.Add("status", Rule.PlatformForward(previous.Status));
            }
            else if (since < previous.Since)
            {
                errors.Add("since", Rule.NotBeforeEntered(previous.Since, previous.Status));
            }
        }
    }

    private async Task<FieldErrors> ValidateAsync(PlatformInfo info)
    {
        var errors = new FieldErrors();
        errors.Required("name", info.Name, 100);
        if (!Kinds.Contains(info.Kind))
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", Kinds)));
        }

        errors.MaxLength("operator", info.Operator, 100);
        errors.MaxLength("note", info.Note, 500);
        if (info.Services.Count > 50)
        {
            errors.Add("services", Rule.ListMax(50));
        }

        for (var i = 0; i < info.Services.Count; i++)
        {
            errors.Required($"services[{i}]", info.Services[i], 100);
        }

        if (info.ParkId is not null && !await directory.ExistsAsync(new EntityRef(EntityRef.Park, info.ParkId)))
        {
            errors.Add("parkId", Rule.NotRegistered(info.ParkId));
        }

        return errors;
    }

    private void Set(PlatformInfo info)
    {
        (S.Name, S.Kind, S.Operator, S.ParkId, S.Note) = (info.Name.Trim(), info.Kind, Blank(info.Operator), info.ParkId, Blank(info.Note));
        S.Services = info.Services.Select(s => s.Trim()).ToList();
    }

    private Task CommitAsync(string eventType, Actor actor, List<FieldChange> changes) => Outbox.RecordAsync(eventType, actor, changes);

    private PlatformView View() =>
        new(Id, new PlatformInfo(S.Name, S.Kind, S.Operator, S.ParkId, S.Services.ToArray(), S.Note), S.Statuses[^1].Status,
            S.Statuses.Select(s => new PlatformStatusEntry(s.Status, s.Since)).ToArray(), S.Version);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private async Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PlatformState current)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_platforms (platform_id, name, kind, status, status_since, operator, park_id, services, version, updated_at)
            VALUES (@Id, @Name, @Kind, @Status, @Since, @Operator, @ParkId, @Services, @Version, @UpdatedAt)
            ON CONFLICT (platform_id) DO UPDATE SET
                name = excluded.name, kind = excluded.kind, status = excluded.status, status_since = excluded.status_since,
                operator = excluded.operator, park_id = excluded.park_id, services = excluded.services,
                version = excluded.version, updated_at = excluded.updated_at
            WHERE cv_platforms.version < excluded.version
            """,
            new
            {
                Id, current.Name, current.Kind, current.Statuses[^1].Status, current.Statuses[^1].Since, current.Operator, current.ParkId,
                Services = current.Services.ToArray(), current.Version, current.UpdatedAt,
            },
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_platform_statuses (platform_id, seq, status, since) VALUES (@Id, @Seq, @Status, @Since)
            ON CONFLICT (platform_id, seq) DO NOTHING
            """,
            current.Statuses.Select((s, i) => new { Id, Seq = i + 1, s.Status, s.Since }), transaction);
    }
}
