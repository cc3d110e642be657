using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Picture;

/// <summary>
/// The figures leadership reads, each defined once and counted by hand on a cluster of its own: what the
/// action plan's targets count, the chain map's distinct enterprises, a park's tenants on a day, committed
/// leases, projections that cannot exceed what can be let, and one occupancy per park and day.
/// </summary>
public sealed class PictureDefinitionsTests : IClassFixture<IsolatedApiFixture>, IAsyncLifetime
{
    private const string Center = "bio-innovation-center";
    private const string Late = "late-park";
    private readonly IsolatedApiFixture _api;
    private readonly HttpClient _client;

    public PictureDefinitionsTests(IsolatedApiFixture api)
    {
        _api = api;
        _client = api.Client(api.AdminToken);
    }

    private static Cluster? Built { get; set; }

    private sealed record Cluster(string T1, string T2, string T3, string LeadId);

    public async Task InitializeAsync()
    {
        if (Built is not null)
        {
            return;
        }

        // Products: only class-I medicines approved since the plan began count as new drugs.
        var pharma = await Enterprise("药品一号", "化学药", "2005-01-01");
        await Product(pharma, "老中药", "tcm", "中药改良型新药", "approved", "2010-05-01");
        await Product(pharma, "生物类似药", "antibody", "治疗用生物制品3.3类", "approved", "2022-03-01");
        await Product(pharma, "一类新药甲", "chemical-drug", "化学药品1类", "approved", "2022-06-01");
        await Product(pharma, "一类新药乙", "chemical-drug", "化学药品1类", "approved", "2019-06-01");
        await Product(pharma, "一类新药丙", "chemical-drug", "化学药品 第１类", "clinical-approved", "2023-03-01");

        // Chain map: three firms in cell therapy, one of them holding two of the link's segments.
        await Enterprise("细胞甲", "细胞治疗", "2019-01-01");
        await Enterprise("细胞乙", "干细胞", "2019-01-01");
        var both = await Enterprise("细胞丙", "细胞治疗", "2019-01-01", "干细胞");

        // 生物医药创新中心: T1 in place, T2 moved out in 2024 (with a 2022 round), T3 committed from 2027.
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/parks", new { id = Center, name = "生物医药创新中心", zone = "经开区", occupancyTarget = 0.8 }));
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/parks/{Center}/buildings", new { id = "A", name = "A座" }));
        foreach (var (unit, area) in new[] { ("A1", 1000), ("A2", 500), ("A3", 500) })
        {
            await Ok(HttpStatusCode.OK, _client.PutAsJsonAsync($"/api/parks/{Center}/units/{unit}", new { buildingId = "A", areaSqm = area, availableSince = "2020-01-01" }));
        }

        var t1 = await Enterprise("租户一", "抗体", "2018-01-01");
        var t2 = await Enterprise("租户二", "抗体", "2018-01-01");
        var t3 = await Enterprise("租户三", "抗体", "2018-01-01");
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, Center, t1, "A1", 1000, "2022-01-01", "2030-01-01"));
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, Center, t2, "A2", 500, "2021-01-01", "2024-01-01"));
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, Center, t3, "A3", 500, "2027-06-01", "2029-06-01"));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{t2}/funding",
            new { kind = "equity", date = "2022-05-01", amount = 10_000_000, currency = "CNY", roundType = "a", investors = new[] { new { name = "某创投", type = "vc", lead = true } } }));

        // A lead wanting more room than the park has left.
        var lead = await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/leads", new
        {
            company = "大面积需求公司", segment = "抗体", chainLink = "抗体", source = "forum", likelihood = 1.0,
            space = new { areaSqm = 800, preferredParkId = Center },
        }));

        // late-park: a unit entered only now whose lease ran 2022–2025, and a lease ended back-dated to 2024.
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/parks", new { id = Late, name = "补录园区", zone = "高新区", occupancyTarget = 0.8 }));
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/parks/{Late}/buildings", new { id = "B", name = "B座" }));
        await Ok(HttpStatusCode.OK, _client.PutAsJsonAsync($"/api/parks/{Late}/units/U-late", new { buildingId = "B", areaSqm = 300, availableSince = "2026-11-01" }));
        await Ok(HttpStatusCode.OK, _client.PutAsJsonAsync($"/api/parks/{Late}/units/B1", new { buildingId = "B", areaSqm = 200, availableSince = "2020-01-01" }));
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, Late, t1, "U-late", 300, "2022-01-01", "2025-01-01"));
        var ended = await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, Late, t2, "B1", 200, "2022-01-01", "2028-01-01"));
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/parks/{Late}/leases/{ended.GetProperty("id").GetString()}/termination",
            new { endOn = "2024-01-01", reason = "补录：2023年底已搬离" }));

        Built = new Cluster(t1, t2, t3, lead.GetProperty("id").GetString()!);
        _ = both;
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task NewDrugTargetsCountClassOneMedicinesSinceThePlanBeganInAnyNmpaWording()
    {
        var targets = Targets(await Picture(""));
        Assert.Equal(1m, targets["new-drugs-approved"]);
        Assert.Equal(2m, targets["class-one-clinical"]);
    }

    [Fact]
    public async Task TheOccupancyTargetFindsItsParkByIdWhateverItIsCalled()
    {
        var park = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/parks/{Center}"));
        var etag = park.GetProperty("version").GetInt32();
        using var rename = new HttpRequestMessage(HttpMethod.Put, $"/api/parks/{Center}")
        {
            Content = JsonContent.Create(new { name = "细胞谷创新中心（原生物医药创新中心）", zone = "经开区", occupancyTarget = 0.8 }),
        };
        rename.Headers.TryAddWithoutValidation("If-Match", $"\"{etag}\"");
        await Ok(HttpStatusCode.OK, _client.SendAsync(rename));

        // The picture is refreshed from the change feed: wait until it shows the new name.
        const string renamed = "细胞谷创新中心（原生物医药创新中心）";
        var picture = await Picture("");
        for (var i = 0; i < 100 && ParkName(picture) != renamed; i++)
        {
            await Task.Delay(100);
            picture = await Picture("");
        }

        Assert.Equal(renamed, ParkName(picture));
        Assert.Equal(0.5m, Targets(picture)["innovation-center-occupancy"]);
    }

    [Fact]
    public async Task AChainLinkCountsEachEnterpriseOnce()
    {
        var chain = (await Picture("")).GetProperty("chain").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "rd-cell-therapy");
        Assert.Equal(3, chain.GetProperty("enterprises").GetInt32());
    }

    [Fact]
    public async Task AParksPictureCountsItsTenantsOfTheDayAndTheirFundingOnly()
    {
        var today = await Picture($"?park={Center}");
        Assert.Equal(1, today.GetProperty("enterprises").GetProperty("total").GetInt32());
        Assert.Empty(today.GetProperty("funding").EnumerateArray());

        var before = await Picture($"?park={Center}&asOf=2023-06-01");
        Assert.Equal(2, before.GetProperty("enterprises").GetProperty("total").GetInt32());
        Assert.Equal(10_000_000m, before.GetProperty("funding").EnumerateArray().Single().GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task ACommittedLeaseCountsAsLetInProjectionsWhichNeverExceedWhatCanBeLet()
    {
        var projection = (await Ok(HttpStatusCode.OK, _client.GetAsync("/api/parks/projected-occupancy")))
            .EnumerateArray().Single(p => p.GetProperty("parkId").GetString() == Center);
        Assert.Equal(0.5m, projection.GetProperty("occupancy").GetDecimal());
        Assert.Equal(500m, projection.GetProperty("committedSqm").GetDecimal());
        Assert.Equal(1m, projection.GetProperty("projectedOccupancy").GetDecimal());
    }

    [Fact]
    public async Task ACommittedUnitIsNeitherVacantNorOfferedToOtherLeads()
    {
        var vacancies = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/parks/{Center}/vacancies"));
        Assert.Equal(["A2"], vacancies.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("unitId").GetString()));

        var matches = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/leads/{Built!.LeadId}/space-matches"));
        Assert.DoesNotContain(matches.GetProperty("items").EnumerateArray(),
            m => m.GetProperty("unit").GetProperty("parkId").GetString() == Center && m.GetProperty("unit").GetProperty("unitId").GetString() == "A3");
    }

    [Theory]
    [InlineData("2023-06-01", 500, 500)]
    [InlineData("2024-06-01", 500, 300)]
    [InlineData("2025-06-01", 200, 0)]
    public async Task TheParkAndThePictureGiveOneOccupancyForADay(string day, int leasable, int leased)
    {
        var park = (await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/parks/{Late}/occupancy?asOf={day}"))).GetProperty("park");
        var picture = (await Picture($"?asOf={day}")).GetProperty("occupancy").GetProperty("parks").EnumerateArray()
            .Single(p => p.GetProperty("parkId").GetString() == Late);

        Assert.Equal((leasable, leased), ((int)park.GetProperty("leasableSqm").GetDecimal(), (int)park.GetProperty("leasedSqm").GetDecimal()));
        Assert.Equal((leasable, leased), ((int)picture.GetProperty("leasableSqm").GetDecimal(), (int)picture.GetProperty("leasedSqm").GetDecimal()));
    }

    private async Task<string> Enterprise(string name, string segment, string foundedOn, params string[] more)
    {
        var code = Codes.NewCode();
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = code, name = name + code[^4..], segments = new[] { segment }.Concat(more).ToArray(), foundedOn }));
        return code;
    }

    private async Task Product(string code, string name, string kind, string registrationClass, string stage, string stageDate) =>
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{code}/products", new { name, kind, registrationClass, stage, stageDate }));

    private async Task<JsonElement> Picture(string query) => await Ok(HttpStatusCode.OK, _client.GetAsync("/api/picture" + query));

    private static async Task<JsonElement> Ok(HttpStatusCode status, Task<HttpResponseMessage> response) => await HttpAssert.Status(status, await response);

    private static string? ParkName(JsonElement p) =>
        p.GetProperty("occupancy").GetProperty("parks").EnumerateArray().Single(x => x.GetProperty("parkId").GetString() == Center).GetProperty("name").GetString();

    private static Dictionary<string, decimal?> Targets(JsonElement p) =>
        p.GetProperty("targets").EnumerateArray().ToDictionary(
            t => t.GetProperty("id").GetString()!,
            t => t.GetProperty("value").ValueKind == JsonValueKind.Null ? (decimal?)null : t.GetProperty("value").GetDecimal());
}
