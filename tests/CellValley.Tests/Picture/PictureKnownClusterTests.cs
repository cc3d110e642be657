using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Picture;

/// <summary>
/// A small cluster built through the API on a database of its own; every number of the picture is
/// checked against a hand-computed expectation, today and as of 2025-03-15. Besides the three firms it holds
/// what must not count twice or at all: a duplicate record of 一号细胞 merged into it, a firm that moved
/// out on 2025-10-01, a voided grant, a committed lease that starts in 2027, and the park renamed.
/// </summary>
public sealed partial class PictureKnownClusterTests : IClassFixture<IsolatedApiFixture>, IAsyncLifetime
{
    private readonly IsolatedApiFixture _api;
    private readonly HttpClient _client;
    private string _e1 = "", _e2 = "", _e3 = "";

    public PictureKnownClusterTests(IsolatedApiFixture api)
    {
        _api = api;
        _client = api.Client(api.AdminToken);
    }

    public async Task InitializeAsync()
    {
        if ((await Picture()).GetProperty("enterprises").GetProperty("total").GetInt32() > 0)
        {
            (_e1, _e2, _e3) = Codes3;
            return;
        }

        (_e1, _e2, _e3) = Codes3 = (Codes.NewCode(), Codes.NewCode(), Codes.NewCode());
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/enterprises", new { creditCode = _e1, name = "一号细胞", segments = new[] { "细胞治疗" }, foundedOn = "2020-01-01" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/enterprises", new { creditCode = _e2, name = "二号材料", segments = new[] { "细胞治疗", "原材料与试剂耗材" }, foundedOn = "2021-01-01" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/enterprises", new { creditCode = _e3, name = "三号抗体", segments = new[] { "抗体" }, foundedOn = "2025-06-01" }));

        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e1}/tiers", new { tier = "eaglet", recognizedOn = "2024-03-01", source = "市科技局", reason = "批次认定" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e1}/tiers", new { tier = "gazelle", recognizedOn = "2025-05-01", source = "市科技局", reason = "批次认定" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e2}/tiers", new { tier = "leader", recognizedOn = "2025-01-15", source = "市科技局", reason = "批次认定" }));

        var p1 = await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e1}/products",
            new { name = "P1", kind = "cell-therapy-car-t", registrationClass = "治疗用生物制品1类", stage = "clinical-approved", stageDate = "2025-02-01" }));
        var p1Id = p1.GetProperty("id").GetString();
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/enterprises/{_e1}/products/{p1Id}/stages", new { stage = "phase-1", date = "2025-06-01" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e3}/products", new { name = "P2", kind = "antibody", stage = "discovery", stageDate = "2025-07-01" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e2}/products",
            new { name = "P3", kind = "device-class-3", innovativeDevice = true, stage = "clinical-approved", stageDate = "2025-04-01" }));

        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e1}/funding",
            new { kind = "equity", date = "2024-05-20", datePrecision = "month", amount = 10_000_000, currency = "CNY", roundType = "a", investors = new[] { new { name = "某创投", type = "vc", lead = true } } }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e2}/funding",
            new { kind = "equity", date = "2025-02-10", amount = 20_000_000, currency = "CNY", roundType = "b", investors = new[] { new { name = "海河产业基金", type = "guidance-fund", lead = true } } }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e1}/funding",
            new { kind = "grant", date = "2025-07-01", amount = 500_000, currency = "CNY", category = "phase-1", productId = p1Id, grantor = "市科技局" }));

        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/parks", new { id = "bio-innovation-center", name = "生物医药创新中心", zone = "经开区", occupancyTarget = 0.8 }));
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync("/api/parks/bio-innovation-center/buildings", new { id = "A", name = "A座" }));
        await Ok(HttpStatusCode.OK, _client.PutAsJsonAsync("/api/parks/bio-innovation-center/units/U1", new { buildingId = "A", areaSqm = 600, availableSince = "2024-01-01" }));
        await Ok(HttpStatusCode.OK, _client.PutAsJsonAsync("/api/parks/bio-innovation-center/units/U2", new { buildingId = "A", areaSqm = 400, availableSince = "2024-01-01" }));
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, "bio-innovation-center", _e1, "U1", 600, "2024-06-01", "2027-06-01"));
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, "bio-innovation-center", _e2, "U2", 400, "2025-03-01", "2026-03-01"));

        await Platform("f1", "cro-cdmo", ("planned", "2024-01-01"), ("building", "2024-02-01"), ("operating", "2024-05-01"));
        await Platform("f2", "gcp-site", ("planned", "2025-01-01"));
        await Platform("f3", "industrialisation-base", ("planned", "2024-01-01"), ("building", "2025-06-01"));

        var l1 = await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/leads",
            new { company = "L1 试剂", segment = "原材料与试剂耗材", chainLink = "原材料与试剂耗材", source = "forum", likelihood = 0.7, openedOn = "2025-01-10" }));
        var l1Id = l1.GetProperty("id").GetString();
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/leads/{l1Id}/stages", new { stage = "contact", since = "2025-02-01" }));
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/leads/{l1Id}/stages", new { stage = "visit", since = "2025-04-01" }));
        var l2 = await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/leads",
            new { company = "L2 抗体", segment = "抗体", chainLink = "抗体", source = "fund", likelihood = 0.3, openedOn = "2025-02-01" }));
        var l2Id = l2.GetProperty("id").GetString();
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/leads/{l2Id}/stages", new { stage = "contact", since = "2025-02-20" }));
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/leads/{l2Id}/status", new { status = "lost", reason = "选址外地", lostTo = "成都" }));

        // 一号细胞 entered a second time under a mistyped code, with a product and a round of its own, then merged.
        var duplicate = Codes.NewCode();
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/enterprises", new { creditCode = duplicate, name = "一号细胞", segments = new[] { "细胞治疗" }, foundedOn = "2020-01-01" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{duplicate}/products", new { name = "P4", kind = "antibody", stage = "discovery", stageDate = "2025-08-01" }));
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{duplicate}/funding",
            new { kind = "equity", date = "2024-08-01", amount = 5_000_000, currency = "CNY", roundType = "pre-a", investors = new[] { new { name = "某天使", type = "angel", lead = true } } }));
        Assert.Equal(4, Total(await PictureOnceItShows(p => Total(p) == 4)));
        await Ok(HttpStatusCode.OK, WithVersion(HttpMethod.Post, $"/api/enterprises/{duplicate}", "/merge-into", new { survivor = _e1, reason = "信用代码录错，重复登记" }));

        // 四号细胞 was here until it moved out on 2025-10-01.
        var movedOut = Codes.NewCode();
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/enterprises", new { creditCode = movedOut, name = "四号细胞", segments = new[] { "细胞治疗" }, foundedOn = "2022-01-01" }));
        await Ok(HttpStatusCode.OK, WithVersion(HttpMethod.Post, $"/api/enterprises/{movedOut}", "/status", new { status = "moved-out", since = "2025-10-01", destination = "苏州工业园区" }));

        // A grant keyed in by mistake and voided.
        var mistaken = await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{_e1}/funding",
            new { kind = "grant", date = "2025-08-01", amount = 200_000, currency = "CNY", category = "phase-1", productId = p1Id, grantor = "市科技局" }));
        await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/enterprises/{_e1}/funding/{mistaken.GetProperty("id").GetString()}/void", new { reason = "重复录入" }));

        // U3 is let to 三号抗体 from 2027: committed, neither vacant nor let before then.
        await Ok(HttpStatusCode.OK, _client.PutAsJsonAsync("/api/parks/bio-innovation-center/units/U3", new { buildingId = "A", areaSqm = 250, availableSince = "2024-01-01" }));
        await Ok(HttpStatusCode.Created, ParkBuilder.LeaseAsync(_client, "bio-innovation-center", _e3, "U3", 250, "2027-01-01", "2030-01-01"));

        // The park is renamed: the occupancy target finds it by id.
        await Ok(HttpStatusCode.OK, WithVersion(HttpMethod.Put, "/api/parks/bio-innovation-center", "",
            new { name = "生物医药创新中心（一期）", zone = "经开区", occupancyTarget = 0.8 }));
        await PictureOnceItShows(p => ParkName(p) == "生物医药创新中心（一期）");
    }

    /// <summary>The picture is refreshed from the change feed: the first one that shows the change (or the last tried).</summary>
    private async Task<JsonElement> PictureOnceItShows(Func<JsonElement, bool> shows)
    {
        var picture = await Picture();
        for (var i = 0; i < 100 && !shows(picture); i++)
        {
            await Task.Delay(100);
            picture = await Picture();
        }

        return picture;
    }

    private static int Total(JsonElement picture) => picture.GetProperty("enterprises").GetProperty("total").GetInt32();

    private Task<HttpResponseMessage> WithVersion(HttpMethod method, string resource, string action, object body) =>
        IfMatch.SendAsync(_client, method, resource, action, body);

    private static string? ParkName(JsonElement picture) =>
        picture.GetProperty("occupancy").GetProperty("parks").EnumerateArray().FirstOrDefault().GetProperty("name").GetString();

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    private static (string, string, string) Codes3 { get; set; }

    [Fact]
    public async Task TodaysPictureMatchesTheHandCount()
    {
        var p = await Picture("?movesFrom=2025-01-01");

        Assert.Equal(3, p.GetProperty("enterprises").GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["none"] = 1, ["eaglet"] = 0, ["gazelle"] = 1, ["leader-candidate"] = 0, ["leader"] = 1 }, Tiers(p));
        Assert.Equal(2, Segment(p, "细胞治疗"));
        Assert.Equal(1, Segment(p, "原材料与试剂耗材"));
        Assert.Equal(1, Segment(p, "抗体"));
        Assert.Equal((2, 0, 0), Moves(p));

        var pipeline = p.GetProperty("pipeline");
        Assert.Equal(4, pipeline.GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["discovery"] = 2, ["clinical-approved"] = 1, ["phase-1"] = 1 }, Stages(pipeline.GetProperty("byStage")));
        Assert.Equal(new Dictionary<string, int> { ["phase-1"] = 1 }, Stages(pipeline.GetProperty("classOneDrugs")));
        Assert.Equal(new Dictionary<string, int> { ["clinical-approved"] = 1 }, Stages(pipeline.GetProperty("innovativeDevices")));

        // The duplicate's ¥5M round counts once, under 一号细胞; the voided grant not at all.
        Assert.Equal(["2024/equity/15000000", "2025/grant/500000", "2025/guidance-fund/20000000"], Funding(p));

        var park = Assert.Single(p.GetProperty("occupancy").GetProperty("parks").EnumerateArray());
        Assert.Equal("生物医药创新中心（一期）", park.GetProperty("name").GetString());
        Assert.Equal(1250m, park.GetProperty("leasableSqm").GetDecimal());
        Assert.Equal(600m, park.GetProperty("leasedSqm").GetDecimal());
        Assert.Equal(0.48m, park.GetProperty("occupancy").GetDecimal());
        Assert.False(park.GetProperty("meetsTarget").GetBoolean());

        var chain = Chain(p);
        Assert.Equal((2, 0, false), (chain["rd-cell-therapy"].Enterprises, chain["rd-cell-therapy"].Platforms, chain["rd-cell-therapy"].Gap));
        Assert.Equal((1, 0, true), (chain["materials"].Enterprises, chain["materials"].Platforms, chain["materials"].Gap));
        Assert.Equal(["L1 试剂"], chain["materials"].Leads);
        Assert.Equal((1, 0, true), (chain["rd-antibody"].Enterprises, chain["rd-antibody"].Platforms, chain["rd-antibody"].Gap));
        Assert.Empty(chain["rd-antibody"].Leads);
        Assert.Equal((0, 1, true), (chain["cro-cdmo"].Enterprises, chain["cro-cdmo"].Platforms, chain["cro-cdmo"].Gap));
        Assert.Equal((0, 0, true), (chain["clinical-sites"].Enterprises, chain["clinical-sites"].Platforms, chain["clinical-sites"].Gap));

        Assert.Equal(new Dictionary<string, (int, int)> { ["lead"] = (2, 0), ["contact"] = (2, 0), ["visit"] = (1, 1), ["negotiation"] = (0, 0), ["signed"] = (0, 0), ["landed"] = (0, 0) }, Funnel(p));

        var targets = Targets(p);
        Assert.Equal((0m, false), targets["new-drugs-approved"]);
        Assert.Equal((2m, false), targets["class-one-clinical"]);
        Assert.Equal((1m, false), targets["service-platforms"]);
        Assert.Equal((1m, false), targets["industrialisation-bases"]);
        Assert.Equal((1m, false), targets["leader-enterprises"]);
        Assert.Equal((0.48m, false), targets["innovation-center-occupancy"]);
    }

    [Fact]
    public async Task ThePictureAsOfAPastDateIsBuiltFromDatedHistory()
    {
        var p = await Picture("?asOf=2025-03-15&movesFrom=2024-01-01");

        Assert.Equal("2025-03-15", p.GetProperty("asOf").GetString());
        // 四号细胞 was still here then; the merged duplicate never counts.
        Assert.Equal(3, p.GetProperty("enterprises").GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["none"] = 1, ["eaglet"] = 1, ["gazelle"] = 0, ["leader-candidate"] = 0, ["leader"] = 1 }, Tiers(p));
        Assert.Equal(0, Segment(p, "抗体"));
        Assert.Equal((2, 0, 0), Moves(p));

        var pipeline = p.GetProperty("pipeline");
        Assert.Equal(1, pipeline.GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["clinical-approved"] = 1 }, Stages(pipeline.GetProperty("byStage")));
        Assert.Equal(new Dictionary<string, int> { ["clinical-approved"] = 1 }, Stages(pipeline.GetProperty("classOneDrugs")));
        Assert.Empty(Stages(pipeline.GetProperty("innovativeDevices")));

        Assert.Equal(["2024/equity/15000000", "2025/guidance-fund/20000000"], Funding(p));

        var park = Assert.Single(p.GetProperty("occupancy").GetProperty("parks").EnumerateArray());
        Assert.Equal(1000m, park.GetProperty("leasedSqm").GetDecimal());
        // The plan asks for more than 80% (超过80%): exactly 80% is not yet there.
        Assert.Equal(0.8m, park.GetProperty("occupancy").GetDecimal());
        Assert.False(park.GetProperty("meetsTarget").GetBoolean());

        var chain = Chain(p);
        Assert.Equal((0, 0, true), (chain["rd-antibody"].Enterprises, chain["rd-antibody"].Platforms, chain["rd-antibody"].Gap));
        Assert.Equal(["L1 试剂"], chain["materials"].Leads);
        Assert.Equal(["L2 抗体"], chain["rd-antibody"].Leads);

        Assert.Equal(new Dictionary<string, (int, int)> { ["lead"] = (2, 0), ["contact"] = (2, 2), ["visit"] = (0, 0), ["negotiation"] = (0, 0), ["signed"] = (0, 0), ["landed"] = (0, 0) }, Funnel(p));

        var targets = Targets(p);
        Assert.Equal((1m, false), targets["class-one-clinical"]);
        Assert.Equal((1m, false), targets["service-platforms"]);
        Assert.Equal((0m, false), targets["industrialisation-bases"]);
        Assert.Equal((1m, false), targets["leader-enterprises"]);
        Assert.Equal((0.8m, false), targets["innovation-center-occupancy"]);
    }

    [Fact]
    public async Task ThePictureCanBeNarrowedToAParkOrASegment()
    {
        // Tenants on the day asked: 二号材料's lease ended on 2026-03-01, so today only 一号细胞 is there.
        var park = await Picture("?park=bio-innovation-center");
        Assert.Equal(1, park.GetProperty("enterprises").GetProperty("total").GetInt32());
        var then = await Picture("?park=bio-innovation-center&asOf=2025-06-01");
        Assert.Equal(2, then.GetProperty("enterprises").GetProperty("total").GetInt32());
        // The committed lease does not make 三号抗体 a tenant yet, and its unit is not vacant.
        var vacancies = await Ok(HttpStatusCode.OK, _client.GetAsync("/api/parks/bio-innovation-center/vacancies"));
        Assert.Equal(["U2"], vacancies.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("unitId").GetString()));
        var segment = await Picture($"?segment={Uri.EscapeDataString("抗体")}");
        Assert.Equal(1, segment.GetProperty("enterprises").GetProperty("total").GetInt32());
        Assert.Equal(1, segment.GetProperty("pipeline").GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("?asOf=2999-01-01", "asOf")]
    [InlineData("?segment=炼金", "segment")]
    [InlineData("?park=no%20such", "park")]
    [InlineData("?asOf=2025-01-01&movesFrom=2025-02-01", "movesFrom")]
    public async Task BadPictureQuestionsAre400(string query, string field) =>
        await HttpAssert.NamesField(await _client.GetAsync("/api/picture" + query), field);

    [Fact]
    public async Task EnterpriseTokensDoNotSeeThePicture()
    {
        using var enterprise = _api.Client(await _api.MintAsync("enterprise", Codes.NewCode()));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.GetAsync("/api/picture"));
    }

    private async Task Platform(string id, string kind, params (string Status, string Since)[] steps)
    {
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/platforms", new { id = id + "-" + _e1[^4..], name = id, kind, status = steps[0].Status, since = steps[0].Since }));
        foreach (var (status, since) in steps.Skip(1))
        {
            await Ok(HttpStatusCode.OK, _client.PostAsJsonAsync($"/api/platforms/{id}-{_e1[^4..]}/status", new { status, since }));
        }
    }

    private async Task<JsonElement> Picture(string query = "") => await HttpAssert.Status(HttpStatusCode.OK, await _client.GetAsync("/api/picture" + query));

    private static async Task<JsonElement> Ok(HttpStatusCode status, Task<HttpResponseMessage> response) => await HttpAssert.Status(status, await response);

    private static Dictionary<string, int> Tiers(JsonElement p) =>
        p.GetProperty("enterprises").GetProperty("byTier").EnumerateArray().ToDictionary(t => t.GetProperty("tier").GetString()!, t => t.GetProperty("count").GetInt32());

    private static int Segment(JsonElement p, string segment) =>
        p.GetProperty("enterprises").GetProperty("bySegment").EnumerateArray().Single(s => s.GetProperty("segment").GetString() == segment).GetProperty("count").GetInt32();

    private static (int, int, int) Moves(JsonElement p)
    {
        var m = p.GetProperty("tierMoves");
        return (m.GetProperty("up").GetInt32(), m.GetProperty("down").GetInt32(), m.GetProperty("expired").GetInt32());
    }

    private static Dictionary<string, int> Stages(JsonElement list) =>
        list.EnumerateArray().Where(s => s.GetProperty("count").GetInt32() > 0).ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("count").GetInt32());

    private static string[] Funding(JsonElement p) =>
        p.GetProperty("funding").EnumerateArray().Select(f => $"{f.GetProperty("year").GetInt32()}/{f.GetProperty("source").GetString()}/{f.GetProperty("amount").GetDecimal():0}").ToArray();

    private static Dictionary<string, (int Enterprises, int Platforms, bool Gap, string[] Leads)> Chain(JsonElement p) =>
        p.GetProperty("chain").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!, c => (
            c.GetProperty("enterprises").GetInt32(), c.GetProperty("platforms").GetInt32(), c.GetProperty("gap").GetBoolean(),
            c.GetProperty("leads").EnumerateArray().Select(l => l.GetProperty("company").GetString()!).ToArray()));

    private static Dictionary<string, (int, int)> Funnel(JsonElement p) =>
        p.GetProperty("funnel").EnumerateArray().ToDictionary(f => f.GetProperty("stage").GetString()!, f => (f.GetProperty("reached").GetInt32(), f.GetProperty("now").GetInt32()));

    private static Dictionary<string, (decimal, bool)> Targets(JsonElement p) =>
        p.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => (t.GetProperty("value").GetDecimal(), t.GetProperty("met").GetBoolean()));
}
