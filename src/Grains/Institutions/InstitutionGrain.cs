using CellValley.Grains.Common;
using CellValley.Grains.Events;
using Dapper;
using Npgsql;

namespace CellValley.Grains.Institutions;

/// <summary>A university, hospital or research institute (产学研医 partners), as a light registry entry.</summary>
[GenerateSerializer, Immutable, Alias("cv.InstitutionInfo")]
public sealed record InstitutionInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] string Kind,
    [property: Id(2)] string? City,
    [property: Id(3)] string? Note);

[GenerateSerializer, Immutable, Alias("cv.InstitutionView")]
public sealed record InstitutionView(
    [property: Id(0)] string Id,
    [property: Id(1)] InstitutionInfo Info,
    [property: Id(2)] int Version,
    [property: Id(3)] DateTimeOffset UpdatedAt);

/// <summary>An institution, keyed "inst/{id}".</summary>
public interface IInstitutionGrain : IGrainWithStringKey
{
    Task<Outcome<InstitutionView>> RegisterAsync(InstitutionInfo info, Actor actor);

    Task<Outcome<InstitutionView>> UpdateAsync(InstitutionInfo info, int? expectedVersion, Actor actor);

    [Orleans.Concurrency.ReadOnly]
    Task<InstitutionView?> GetAsync();
}

public static class InstitutionKey
{
    public static string For(string id) => "inst/" + id;

    public static string IdOf(string key) => key["inst/".Length..];
}

public sealed class InstitutionState : IOutboxState
{
    public bool Registered { get; set; }

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string? City { get; set; }

    public string? Note { get; set; }

    public int Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<PendingEvent> Outbox { get; set; } = [];
}

public sealed class InstitutionGrain(
    [PersistentState(StateNames.Institution, StorageNames.Registry)] IPersistentState<InstitutionState> state,
    OutboxRelay relay,
    TimeProvider clock) : Grain, IInstitutionGrain
{
    public const string EntityType = "institution";
    public static readonly string[] Kinds = ["university", "hospital", "research-institute", "other"];
    private GrainOutbox<InstitutionState>? _outbox;

    private InstitutionState S => state.State;

    private string Id => InstitutionKey.IdOf(this.GetPrimaryKeyString());

    private GrainOutbox<InstitutionState> Outbox => _outbox ??= new(this, state, relay, clock, EntityType, () => Id,
        (connection, transaction, current, _) => ProjectAsync(connection, transaction, current));

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Outbox.ResumeAsync();

    public async Task<Outcome<InstitutionView>> RegisterAsync(InstitutionInfo info, Actor actor)
    {
        if (S.Registered)
        {
            return Outcome<InstitutionView>.AlreadyExists(S.Version);
        }

        var errors = Validate(info);
        if (errors.Count > 0)
        {
            return Outcome<InstitutionView>.Invalid(errors, S.Version);
        }

        S.Registered = true;
        await ApplyAsync("InstitutionRegistered", info, actor);
        return Outcome<InstitutionView>.Ok(View(), S.Version);
    }

    public async Task<Outcome<InstitutionView>> UpdateAsync(InstitutionInfo info, int? expectedVersion, Actor actor)
    {
        if (!S.Registered)
        {
            return Outcome<InstitutionView>.NotFound();
        }

        if (expectedVersion is { } expected && expected != S.Version)
        {
            return Outcome<InstitutionView>.VersionMismatch(S.Version);
        }

        var errors = Validate(info);
        if (errors.Count > 0)
        {
            return Outcome<InstitutionView>.Invalid(errors, S.Version);
        }

        await ApplyAsync("InstitutionUpdated", info, actor);
        return Outcome<InstitutionView>.Ok(View(), S.Version);
    }

    public Task<InstitutionView?> GetAsync() => Task.FromResult(S.Registered ? View() : null);

    public static IReadOnlyList<FieldError> Validate(InstitutionInfo info)
    {
        var errors = new FieldErrors();
        errors.Required("name", info.Name, 200);
        if (!Kinds.Contains(info.Kind))
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", Kinds)));
        }

        errors.MaxLength("city", info.City, 50);
        errors.MaxLength("note", info.Note, 500);
        return errors.ToList();
    }

    private Task ApplyAsync(string eventType, InstitutionInfo info, Actor actor)
    {
        var before = new InstitutionInfo(S.Name, S.Kind, S.City, S.Note);
        (S.Name, S.Kind, S.City, S.Note) = (info.Name.Trim(), info.Kind, Blank(info.City), Blank(info.Note));
        return Outbox.RecordAsync(eventType, actor,
            [FieldChange.Of<object?>("institution", S.Registered && S.Version > 0 ? before : null, new InstitutionInfo(S.Name, S.Kind, S.City, S.Note))]);
    }

    private InstitutionView View() => new(Id, new InstitutionInfo(S.Name, S.Kind, S.City, S.Note), S.Version, S.UpdatedAt);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private Task ProjectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, InstitutionState current) => connection.ExecuteAsync(
        """
        INSERT INTO cv_institutions (institution_id, name, kind, city, version, updated_at)
        VALUES (@Id, @Name, @Kind, @City, @Version, @UpdatedAt)
        ON CONFLICT (institution_id) DO UPDATE SET
            name = excluded.name, kind = excluded.kind, city = excluded.city,
            version = excluded.version, updated_at = excluded.updated_at
        WHERE cv_institutions.version < excluded.version
        """,
        new { Id, current.Name, current.Kind, current.City, current.Version, current.UpdatedAt },
        transaction);
}
