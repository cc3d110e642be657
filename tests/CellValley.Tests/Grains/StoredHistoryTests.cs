using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CellValley.Grains.Events;
using CellValley.Grains.Leads.Events;
using CellValley.Grains.Parks.Events;
using CellValley.Tests.Infrastructure;
using Dapper;

namespace CellValley.Tests.Grains;

/// <summary>
/// History written before events had their own records (StoredEvents/before-typed-events.json, in the
/// shape the event log held then) still reads, field by field, as events written today are stored.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoredHistoryTests(ApiFixture api)
{
    private static JsonArray Fixture(string code, string park) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Grains", "StoredEvents", "before-typed-events.json"))
            .Replace("@code", code, StringComparison.Ordinal).Replace("@park", park, StringComparison.Ordinal))!.AsArray();

    private static IReadOnlyList<FieldChange> Stored(JsonArray fixture, string eventType) =>
        StoredHistory.Read(eventType, fixture.Single(e => (string?)e!["eventType"] == eventType)!["changes"]!.ToJsonString());

    /// <summary>Each field's new value, written the same way whatever escaping it was stored with.</summary>
    private static Dictionary<string, string?> Flat(IEnumerable<FieldChange> changes) =>
        changes.ToDictionary(c => c.Field, c => c.To is { } to ? JsonSerializer.Serialize(to, Relaxed) : null);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void AStoredWholeRecordReadsAsTheTypedEventRecordsItToday()
    {
        var fixture = Fixture("91120116MA05KXYZ3B", "innovation");

        var created = Stored(fixture, "ParkCreated");
        Assert.Equal(Flat(new ParkCreated(new ParkDetails("生物医药创新中心", "经开区", "第三大街 1 号", 0.8m, null)).Changes()), Flat(created));

        var updated = Stored(fixture, "ParkUpdated");
        Assert.Equal(["name", "occupancyTarget", "operator"], updated.Select(c => c.Field).Order());
        Assert.Equal("生物医药创新中心", updated.Single(c => c.Field == "name").From?.GetString());

        var signed = Flat(Stored(fixture, "LeaseSigned"));
        var today = Flat(new LeaseSigned(new LeaseDetails("L1", "A-101", "91120116MA05KXYZ3B", 500, new DateOnly(2025, 4, 1), new DateOnly(2028, 4, 1), new DateOnly(2025, 3, 3), null, null)).Changes());
        Assert.All(today, member => Assert.Equal(member.Value, signed[member.Key]));

        var logged = Stored(fixture, "LeadActivityLogged");
        var typed = new LeadActivityLogged(new DateOnly(2025, 3, 4), "visit", "实地考察", "staff-1", null, new DateOnly(2025, 3, 20)).Changes();
        Assert.Equal(Flat(typed), Flat(logged));
    }

    [Fact]
    public async Task AnEnterpriseHistoryStoredBeforeReadsThroughTheApi()
    {
        var code = Codes.NewCode();
        var fixture = Fixture(code, "none");
        await using (var connection = new Npgsql.NpgsqlConnection(api.ConnectionString))
        {
            foreach (var e in fixture.Where(e => (string?)e!["entityType"] == "enterprise"))
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO cv_events (entity_type, entity_id, seq, event_type, subject, actor, actor_role, occurred_at, changes)
                    VALUES ('enterprise', @code, @seq, @type, @subject, @actor, @role, @at, CAST(@changes AS jsonb))
                    """,
                    new
                    {
                        code, seq = (int)e!["seq"]!, type = (string)e["eventType"]!, subject = (string?)e["subject"], actor = (string)e["actor"]!,
                        role = (string)e["actorRole"]!, at = DateTimeOffset.Parse((string)e["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture),
                        changes = e["changes"]!.ToJsonString(),
                    });
            }
        }

        using var client = api.Client(api.AdminToken);
        var response = await client.GetAsync($"/api/enterprises/{code}/history");
        await HttpAssert.Status(HttpStatusCode.OK, response);
        var history = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["EnterpriseRegistered", "ProfileUpdated", "TierRecognized", "FundingRecorded"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var registered = history[0].GetProperty("changes");
        Assert.Equal(code, registered[0].GetProperty("to").GetString());
        Assert.Equal("旧事件生物科技有限公司", registered[1].GetProperty("to").GetString());
        Assert.Equal(55, history[1].GetProperty("changes")[0].GetProperty("to").GetInt32());
        Assert.Equal("2025年第一批", history[2].GetProperty("changes")[1].GetProperty("to").GetProperty("batch").GetString());
        Assert.Equal("海河产业基金", history[3].GetProperty("changes")[1].GetProperty("to").GetProperty("investors")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void EveryEventHasItsOwnRecordAndANameThatNeverChanges()
    {
        // The names the event log has stored since the registry began: a rename would orphan history.
        string[] stored =
        [
            "BuildingAdded", "EnterpriseAbsorbed", "EnterpriseMerged", "EnterpriseRegistered", "EnterpriseWithdrawn", "FundingMovedIn", "FundingRecorded", "FundingVoided",
            "InstitutionRegistered", "InstitutionUpdated", "InstitutionWithdrawn", "LeadActivityLogged", "LeadAssigned", "LeadCreated", "LeadLanded", "LeadRecoded", "LeadStageChanged",
            "LeadStatusChanged", "LeadUpdated", "LeadWithdrawn", "LeaseRetenanted", "LeaseSigned", "LeaseTerminated", "LeaseVoided",
            "MilestoneRecorded", "ParkCreated", "ParkUpdated", "PlanReportAccepted", "PlanReportReturned", "PlanReportSubmitted", "PlatformCreated", "PlatformStatusChanged", "PlatformUpdated", "PlatformWithdrawn", "ProductAdded", "ProductMovedIn",
            "ProductStageAdvanced", "ProductStageCorrected", "ProductUpdated", "ProductWithdrawn", "ProfileUpdated", "ProposalAccepted", "ProposalClosed", "ProposalReviewed", "ProposalSubmitted", "RecognitionVoided", "RelationEnded", "RelationMerged",
            "RelationMovedIn", "RelationRecorded", "RelationReopened", "RelationWithdrawn", "StatusChanged", "ThresholdSet", "TierRecognized", "UnitAdded", "UnitChanged", "UnitHeld", "UnitHoldReleased",
        ];
        var events = typeof(IRegistryEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IRegistryEvent).IsAssignableFrom(t)).ToList();
        var names = events.Select(t => (string)t.GetProperty("Name", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!.GetValue(null)!).ToList();
        Assert.Equal(stored, names.Order());
        Assert.All(events, t => Assert.Equal(t.Name, names[events.IndexOf(t)]));
        Assert.All(events, t => Assert.EndsWith(".Events", t.Namespace, StringComparison.Ordinal));
    }
}
