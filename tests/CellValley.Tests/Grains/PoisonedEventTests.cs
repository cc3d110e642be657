using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Tests.Infrastructure;
using Dapper;

namespace CellValley.Tests.Grains;

/// <summary>A change PostgreSQL refuses for good never wedges its entity: later changes reach the log and read tables.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PoisonedEventTests(ClusterFixture fixture)
{
    private static readonly Actor Staff = new("张三", "staff");

    private static EnterpriseProfile Profile(string name) =>
        new(name, null, ["细胞治疗"], new DateOnly(2020, 3, 1), "滨海高新区", 40, null, null, null, []);

    [Fact]
    public async Task AnEventTheLogRefusesIsQuarantinedAndTheEntitysNextChangeGoesThrough()
    {
        // A NUL reaching a grain (past the API's guard) breaks both the jsonb event and the text read row.
        var code = Codes.NewCode();
        var grain = fixture.Grains.GetGrain<IEnterpriseGrain>(EnterpriseKey.For(code));
        Assert.Equal(OutcomeKind.Ok, (await grain.RegisterAsync(Profile("毒\0丸生物"), Staff)).Kind);

        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        var fault = await connection.QuerySingleAsync<(string SqlState, bool Logged)>(
            "SELECT sql_state, logged FROM cv_event_faults WHERE entity_type = 'enterprise' AND entity_id = @code AND resolved_at IS NULL", new { code });
        Assert.StartsWith("22", fault.SqlState, StringComparison.Ordinal);
        Assert.True(fault.Logged);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM cv_enterprises WHERE credit_code = @code", new { code }));

        var renamed = await grain.UpdateProfileAsync(new ProfileChanges(Name: "康复生物科技有限公司"), 1, Staff);
        Assert.Equal(OutcomeKind.Ok, renamed.Kind);

        var events = (await connection.QueryAsync<(int Seq, string Changes)>(
            "SELECT seq, changes::text FROM cv_events WHERE entity_type = 'enterprise' AND entity_id = @code ORDER BY seq", new { code })).ToList();
        Assert.Equal([1, 2], events.Select(e => e.Seq));
        Assert.Contains("毒\uFFFD丸生物", events[0].Changes, StringComparison.Ordinal);
        Assert.Equal("康复生物科技有限公司", await connection.ExecuteScalarAsync<string>("SELECT name FROM cv_enterprises WHERE credit_code = @code", new { code }));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM cv_event_faults WHERE entity_type = 'enterprise' AND entity_id = @code AND resolved_at IS NULL", new { code }));
    }

    [Fact]
    public async Task AReadRowPostgresRefusesLeavesTheEventLoggedAndAnOpenFaultUntilTheNextChange()
    {
        // A constraint the read table enforces (here a trigger standing in for one) refuses the projection for good.
        var marker = "拒收" + Guid.NewGuid().ToString("N")[..8];
        var trigger = "cv_test_refuse_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await fixture.Database.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.name LIKE '%{marker}%' THEN RAISE EXCEPTION 'refused' USING ERRCODE = '23514'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE ON cv_enterprises FOR EACH ROW EXECUTE FUNCTION {trigger}();
            """);
        try
        {
            var code = Codes.NewCode();
            var grain = fixture.Grains.GetGrain<IEnterpriseGrain>(EnterpriseKey.For(code));
            Assert.Equal(OutcomeKind.Ok, (await grain.RegisterAsync(Profile(marker + "生物"), Staff)).Kind);
            Assert.Equal(OutcomeKind.Ok, (await grain.UpdateProfileAsync(new ProfileChanges(Headcount: 41), 1, Staff)).Kind);

            // Both changes are in the log; the read row is missing, and each refused flush is a fault.
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM cv_events WHERE entity_type = 'enterprise' AND entity_id = @code", new { code }));
            Assert.Equal(2, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM cv_event_faults WHERE entity_id = @code AND resolved_at IS NULL AND sql_state = '23514'", new { code }));

            Assert.Equal(OutcomeKind.Ok, (await grain.UpdateProfileAsync(new ProfileChanges(Name: "更正生物有限公司"), 2, Staff)).Kind);

            var row = await connection.QuerySingleAsync<(string Name, int Headcount, int Version)>(
                "SELECT name, headcount, version FROM cv_enterprises WHERE credit_code = @code", new { code });
            Assert.Equal(("更正生物有限公司", 41, 3), row);
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM cv_event_faults WHERE entity_id = @code AND resolved_at IS NULL", new { code }));
        }
        finally
        {
            await connection.ExecuteAsync($"DROP TRIGGER {trigger} ON cv_enterprises; DROP FUNCTION {trigger}();");
        }
    }
}
