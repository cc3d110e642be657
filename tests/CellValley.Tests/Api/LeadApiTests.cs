using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Api.Auth;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class LeadApiTests(ApiFixture api)
{
    private static object Lead(string company, string? park = null, decimal area = 500, string? code = null) => new
    {
        company, creditCode = code, segment = "基因治疗", chainLink = "基因治疗", source = "exhibition",
        estimatedInvestmentYuan = 200_000_000, estimatedJobs = 80, likelihood = 0.5,
        space = new { areaSqm = area, fitOut = new { gmpGrade = "B", labDrains = true }, preferredParkId = park },
        nextFollowUp = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd"),
    };

    private static async Task<string> OpenAsync(HttpClient client, object lead) =>
        (await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/leads", lead))).GetProperty("id").GetString()!;

    private static async Task<JsonElement> StageAsync(HttpClient client, string id, string stage, string? reason = null) =>
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage, reason }));

    private static async Task SignedAsync(HttpClient client, string id)
    {
        foreach (var stage in new[] { "contact", "visit", "negotiation", "signed" })
        {
            await StageAsync(client, id, stage);
        }
    }

    [Fact]
    public async Task StageAndStatusAreKeptApart()
    {
        using var client = api.Client(await api.MintAsync(ApiRoles.Staff));
        var id = await OpenAsync(client, Lead("某核酸药物公司"));

        await StageAsync(client, id, "visit");
        var dormant = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/leads/{id}/status", new { status = "dormant" }));
        Assert.Equal("visit", dormant.GetProperty("stage").GetString());
        Assert.Equal("dormant", dormant.GetProperty("status").GetString());

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage = "contact" }), "reason");
        var back = await StageAsync(client, id, "contact", "考察推迟，回到接洽");
        Assert.Equal(["lead", "visit", "contact"], back.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()!).ToArray());
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage = "landed" }), "stage", "landing");
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/status", new { status = "won" }), "status", "landing");
    }

    [Fact]
    public async Task ALostLeadRecordsWhyAndWhereAndIsClosedUntilReopened()
    {
        using var client = api.Client(await api.MintAsync(ApiRoles.Staff));
        var id = await OpenAsync(client, Lead("某抗体公司"));

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/status", new { status = "lost", reason = "落户补贴不足" }), "lostTo");
        var lost = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/leads/{id}/status",
            new { status = "lost", reason = "落户补贴不足", lostTo = "苏州生物医药产业园" }));
        Assert.Equal("苏州生物医药产业园", lost.GetProperty("lostTo").GetString());

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage = "contact" }), "stage", "reopen");
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/status", new { status = "active" }), "reason");
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/leads/{id}/status", new { status = "active", reason = "对方重新接洽" }));
    }

    [Fact]
    public async Task LandingRegistersTheEnterpriseAndSignsTheLeaseInOneAction()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("L-1", 800m, "2024-01-01"));
        var code = Codes.NewCode();
        var id = await OpenAsync(client, Lead("落地基因科技有限公司", park, 600, code));
        await SignedAsync(client, id);

        var response = await client.PostAsJsonAsync($"/api/leads/{id}/landing",
            new { lease = new { parkId = park, unitId = "L-1", areaSqm = 600, start = "2027-01-01", end = "2032-01-01" } });

        var landed = await HttpAssert.Status(HttpStatusCode.Created, response);
        Assert.Equal($"/api/enterprises/{code}", response.Headers.Location!.OriginalString);
        Assert.Equal("won", landed.GetProperty("lead").GetProperty("status").GetString());
        Assert.Equal("landed", landed.GetProperty("lead").GetProperty("stage").GetString());
        var enterprise = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal("落地基因科技有限公司", enterprise.GetProperty("name").GetString());
        Assert.Equal(id, enterprise.GetProperty("leadId").GetString());
        Assert.Equal("L-1", Assert.Single(enterprise.GetProperty("tenancies").EnumerateArray()).GetProperty("unitId").GetString());
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/landing", new { }), "lead", "already landed");
    }

    [Fact]
    public async Task LandingOnALeasedUnitChangesNothing()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("M-1", 500m, "2024-01-01"));
        var sitting = await ParkBuilder.EnterpriseAsync(client);
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, sitting, "M-1", 500, "2026-01-01", "2031-01-01"));
        var code = Codes.NewCode();
        var id = await OpenAsync(client, Lead("撞单生物有限公司", park, 500, code));
        await SignedAsync(client, id);
        var before = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/leads/{id}"));

        var refused = await client.PostAsJsonAsync($"/api/leads/{id}/landing",
            new { lease = new { parkId = park, unitId = "M-1", areaSqm = 500, start = "2027-01-01", end = "2028-01-01" } });

        var problem = await HttpAssert.Problem(HttpStatusCode.Conflict, refused);
        Assert.Contains("M-1", problem.GetProperty("detail").GetString());
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync($"/api/enterprises/{code}"));
        var after = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/leads/{id}"));
        Assert.Equal(before.GetProperty("version").GetInt32(), after.GetProperty("version").GetInt32());
        Assert.Equal("signed", after.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task LandingWithATakenCodeReleasesTheUnitAndChangesNothing()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client, ("N-1", 500m, "2024-01-01"));
        var taken = await ParkBuilder.EnterpriseAsync(client, "已登记公司");
        var id = await OpenAsync(client, Lead("重码生物有限公司", park, 500));
        await SignedAsync(client, id);

        var refused = await client.PostAsJsonAsync($"/api/leads/{id}/landing",
            new { creditCode = taken, lease = new { parkId = park, unitId = "N-1", areaSqm = 500, start = "2027-01-01", end = "2028-01-01" } });

        await HttpAssert.Problem(HttpStatusCode.Conflict, refused);
        var profile = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{taken}"));
        Assert.Equal("已登记公司", profile.GetProperty("name").GetString());
        Assert.Empty((await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/parks/{park}/leases"))).GetProperty("items").EnumerateArray());
        // The unit was never held: another tenant can sign it straight away.
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, taken, "N-1", 500, "2027-01-01", "2028-01-01"));
        Assert.Equal("active", (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/leads/{id}"))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task LandingNeedsTheSignedStageAndAValidCode()
    {
        using var client = api.Client(api.AdminToken);
        var id = await OpenAsync(client, Lead("未签约公司"));
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/landing", new { creditCode = Codes.NewCode() }), "lead", "signed");
        await SignedAsync(client, id);
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/landing", new { creditCode = "91350100M000100Y4Z" }), "creditCode");
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/leads/{id}/landing", new { }), "creditCode", "no credit code");
    }

    [Fact]
    public async Task StaffViewsShowOverdueStaleFunnelSpaceAndProjection()
    {
        using var client = api.Client(await api.MintAsync(ApiRoles.Staff));
        using var admin = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(admin, ("S-1", 1000m, "2024-01-01"), ("S-2", 450m, "2024-01-01"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await HttpAssert.Status(HttpStatusCode.OK, await admin.PutAsJsonAsync($"/api/parks/{park}/units/S-2", new
        {
            buildingId = "A", areaSqm = 500, availableSince = "2024-01-01",
            fitOut = new { gmpGrade = "A", labDrains = true, exhaust = true, coldStorage = true, cleanRoom = true },
        }));
        var lead = System.Text.Json.JsonSerializer.SerializeToNode(Lead("视图测试生物有限公司", park, 500), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();
        lead["openedOn"] = today.AddDays(-90).ToString("yyyy-MM-dd");
        lead["space"]!["fitOut"] = System.Text.Json.Nodes.JsonNode.Parse("""{"gmpGrade":"B","labDrains":true,"coldStorage":true,"cleanRoom":true}""");
        var id = await OpenAsync(client, lead);
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/leads/{id}/activities",
            new { date = today.ToString("yyyy-MM-dd"), type = "visit", note = "园区实地考察", nextFollowUp = today.AddDays(-1).ToString("yyyy-MM-dd") }));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage = "contact", since = today.AddDays(-60).ToString("yyyy-MM-dd") }));

        var overdue = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/leads/overdue?pageSize=200"));
        Assert.Contains(overdue.GetProperty("items").EnumerateArray(), l => l.GetProperty("leadId").GetString() == id);
        var stale = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/leads/stale?pageSize=200"));
        Assert.Contains(stale.GetProperty("items").EnumerateArray(), l => l.GetProperty("leadId").GetString() == id && l.GetProperty("daysInStage").GetInt32() == 60);

        var funnel = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/leads/funnel"));
        var stages = funnel.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal("lead", stages[0].GetProperty("stage").GetString());
        Assert.True(stages[0].GetProperty("reached").GetInt32() >= stages[1].GetProperty("reached").GetInt32());

        var matches = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/leads/{id}/space-matches"));
        var best = matches.GetProperty("items")[0];
        Assert.True(matches.GetProperty("considered").GetInt64() >= matches.GetProperty("items").GetArrayLength());
        Assert.Equal(park, best.GetProperty("unit").GetProperty("parkId").GetString());
        Assert.Equal("S-2", best.GetProperty("unit").GetProperty("unitId").GetString());
        Assert.True(best.GetProperty("preferredPark").GetBoolean());

        var projection = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/parks/projected-occupancy"));
        var row = projection.EnumerateArray().Single(p => p.GetProperty("parkId").GetString() == park);
        Assert.Equal(250m, row.GetProperty("pipelineSqm").GetDecimal());
        Assert.Equal(0.1667m, row.GetProperty("projectedOccupancy").GetDecimal());

        var mine = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/leads?stage=contact&segment={Uri.EscapeDataString("基因治疗")}&pageSize=200"));
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), l => l.GetProperty("leadId").GetString() == id);
    }

    [Fact]
    public async Task EnterprisesAndParkOperatorsSeeNoLeadsAndViewersOnlyRead()
    {
        var code = Codes.NewCode();
        using var enterprise = api.Client(await api.MintAsync(ApiRoles.Enterprise, code));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.GetAsync("/api/leads"));
        using var viewer = api.Client(await api.MintAsync(ApiRoles.Viewer));
        await HttpAssert.Status(HttpStatusCode.OK, await viewer.GetAsync("/api/leads/funnel"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await viewer.PostAsJsonAsync("/api/leads", Lead("只读公司")));
    }

    [Theory]
    [InlineData("company", null)]
    [InlineData("segment", "炼丹")]
    [InlineData("source", "rumour")]
    [InlineData("likelihood", 1.5)]
    public async Task BadLeadsAre400NamingTheField(string field, object? value)
    {
        using var client = api.Client(api.AdminToken);
        var body = JsonSerializer.SerializeToNode(Lead("x"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();
        body[field] = value is null ? null : JsonSerializer.SerializeToNode(value);
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/leads", body), field);
    }
}
