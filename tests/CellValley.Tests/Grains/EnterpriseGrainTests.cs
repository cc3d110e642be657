using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Tests.Infrastructure;
using Dapper;

namespace CellValley.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class EnterpriseGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Staff = new("张三", "staff");

    private static EnterpriseProfile Profile(string name = "津港细胞治疗有限公司") =>
        new(name, "Jingang Cell Therapy", ["细胞治疗"], new DateOnly(2020, 3, 1), "滨海高新区", 40, 5_000_000m, 1_200_000m, 2025, []);

    private IEnterpriseGrain Grain(string code) => fixture.Grains.GetGrain<IEnterpriseGrain>(EnterpriseKey.For(code));

    [Fact]
    public async Task RegisteringWritesStateEventAndReadRow()
    {
        var code = Codes.NewCode();
        var outcome = await Grain(code).RegisterAsync(Profile(), Staff);

        Assert.Equal(OutcomeKind.Ok, outcome.Kind);
        Assert.Equal(1, outcome.CurrentVersion);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var events = (await connection.QueryAsync<(string EventType, string Actor, string ActorRole)>(
            "SELECT event_type, actor, actor_role FROM cv_events WHERE entity_type = 'enterprise' AND entity_id = @code", new { code })).ToList();
        Assert.Equal([("EnterpriseRegistered", "张三", "staff")], events);
        var row = await connection.QuerySingleAsync<(string Name, int Version, string Tier)>(
            "SELECT name, version, tier FROM cv_enterprises WHERE credit_code = @code", new { code });
        Assert.Equal(("津港细胞治疗有限公司", 1, "none"), row);
        var stored = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM orleansstorage WHERE graintypestring = 'cv.enterprise' AND grainidextensionstring = @key",
            new { key = EnterpriseKey.For(code) });
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task RegisteringTheSameCodeTwiceIsRefused()
    {
        var code = Codes.NewCode();
        await Grain(code).RegisterAsync(Profile(), Staff);
        var second = await Grain(code).RegisterAsync(Profile("另一家公司"), Staff);

        Assert.Equal(OutcomeKind.AlreadyExists, second.Kind);
        Assert.Equal("津港细胞治疗有限公司", (await Grain(code).GetAsync())!.Profile.Name);
    }

    [Fact]
    public async Task AStaleVersionIsRefusedAndChangesNothing()
    {
        var code = Codes.NewCode();
        await Grain(code).RegisterAsync(Profile(), Staff);
        await Grain(code).UpdateProfileAsync(new ProfileChanges(Headcount: 41), 1, Staff);

        var stale = await Grain(code).UpdateProfileAsync(new ProfileChanges(Headcount: 99), 1, Staff);

        Assert.Equal(OutcomeKind.VersionMismatch, stale.Kind);
        Assert.Equal(2, stale.CurrentVersion);
        Assert.Equal(41, (await Grain(code).GetAsync())!.Profile.Headcount);
    }

    [Fact]
    public async Task AnInvalidChangeReturnsFieldErrorsAndKeepsTheVersion()
    {
        var code = Codes.NewCode();
        await Grain(code).RegisterAsync(Profile(), Staff);

        var outcome = await Grain(code).UpdateProfileAsync(new ProfileChanges(Segments: ["不存在的赛道"], Headcount: -3), 1, Staff);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(["segments[0]", "headcount"], outcome.Errors.Select(e => e.Field).ToArray());
        Assert.Equal(1, (await Grain(code).GetAsync())!.Version);
    }

    [Fact]
    public async Task AnUpdateRecordsOnlyTheFieldsThatChanged()
    {
        var code = Codes.NewCode();
        await Grain(code).RegisterAsync(Profile(), Staff);
        await Grain(code).UpdateProfileAsync(new ProfileChanges(Name: "津港细胞治疗有限公司", Headcount: 55), 1, Staff);

        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var changes = await connection.ExecuteScalarAsync<string>(
            "SELECT changes::text FROM cv_events WHERE entity_id = @code AND seq = 2", new { code });
        Assert.Contains("\"field\": \"headcount\"", changes);
        Assert.DoesNotContain("\"field\": \"name\"", changes);
        Assert.Contains("\"from\": 40", changes);
        Assert.Contains("\"to\": 55", changes);
    }

    [Fact]
    public async Task AnUpdateThatChangesNothingWritesNoEvent()
    {
        var code = Codes.NewCode();
        await Grain(code).RegisterAsync(Profile(), Staff);
        var outcome = await Grain(code).UpdateProfileAsync(new ProfileChanges(Headcount: 40), 1, Staff);

        Assert.Equal(1, outcome.CurrentVersion);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM cv_events WHERE entity_id = @code", new { code }));
    }

    [Fact]
    public async Task TierRecognitionsAreKeptAsHistoryAndTheLatestIsCurrent()
    {
        var code = Codes.NewCode();
        await Grain(code).RegisterAsync(Profile(), Staff);
        await Grain(code).RecognizeTierAsync(new RecognizeTier("gazelle", new DateOnly(2025, 6, 1), "2025年第一批", "天津市科学技术局", null, null), null, Staff);
        var outcome = await Grain(code).RecognizeTierAsync(new RecognizeTier("雏鹰", new DateOnly(2023, 6, 1), "2023年", "天津市科学技术局", "补录", null), null, Staff);

        var view = outcome.Value!;
        Assert.Equal("gazelle", view.Tier);
        Assert.Equal(2, view.TierHistory.Count);
        Assert.Equal(new DateOnly(2026, 6, 1), view.TierHistory.Single(t => t.Tier == "eaglet").ValidUntil);
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        Assert.Equal("gazelle", await connection.ExecuteScalarAsync<string>("SELECT tier FROM cv_enterprises WHERE credit_code = @code", new { code }));
    }

    [Fact]
    public async Task StateSurvivesDeactivationAndIsReadBackFromPostgres()
    {
        var code = Codes.NewCode();
        await Grain(code).RegisterAsync(Profile(), Staff);
        await Grain(code).UpdateProfileAsync(new ProfileChanges(Headcount: 77), 1, Staff);

        await fixture.Cluster.DeactivateAsync(Grain(code));
        var view = await Grain(code).GetAsync();

        Assert.NotNull(view);
        Assert.Equal(77, view.Profile.Headcount);
        Assert.Equal(2, view.Version);
    }

    [Fact]
    public async Task ReplayingTheOutboxAfterReactivationDoesNotDuplicateEvents()
    {
        var code = Codes.NewCode();
        await Grain(code).RegisterAsync(Profile(), Staff);

        // The stored state still lists the first event in its outbox (it is pruned on the next
        // write), so every reactivation replays it; the event log must keep exactly one copy.
        await fixture.Cluster.DeactivateAsync(Grain(code));
        await Grain(code).GetAsync();
        await fixture.Cluster.DeactivateAsync(Grain(code));
        await Grain(code).GetAsync();

        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM cv_events WHERE entity_id = @code", new { code }));
    }

    [Fact]
    public async Task AnUnregisteredEnterpriseIsNotFound()
    {
        var code = Codes.NewCode();
        Assert.Null(await Grain(code).GetAsync());
        Assert.Equal(OutcomeKind.NotFound, (await Grain(code).UpdateProfileAsync(new ProfileChanges(Headcount: 1), null, Staff)).Kind);
    }
}
