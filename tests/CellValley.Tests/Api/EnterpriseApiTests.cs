using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CellValley.Api.Auth;
using CellValley.Tests.Infrastructure;
using Dapper;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class EnterpriseApiTests(ApiFixture api)
{
    private static object Minimal(string code) => new { creditCode = code, name = "示例生物科技有限公司", segments = new[] { "细胞治疗" } };

    private async Task<string> RegisterAsync(HttpClient client, string? code = null)
    {
        code ??= Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises", Minimal(code)));
        return code;
    }

    private static HttpRequestMessage Patch(string code, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{code}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return request;
    }

    [Fact]
    public async Task TheSmallestBodyRegistersWith201LocationAndETag()
    {
        using var client = api.Client(api.AdminToken);
        var code = Codes.NewCode();
        var response = await client.PostAsJsonAsync("/api/enterprises", Minimal(code.ToLowerInvariant()));

        var body = await HttpAssert.Status(HttpStatusCode.Created, response);
        Assert.Equal($"/api/enterprises/{code}", response.Headers.Location!.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
        Assert.Equal(code, body.GetProperty("creditCode").GetString());
        Assert.Equal("none", body.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task GetReturnsTheEnterpriseWithItsETag()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);

        var response = await client.GetAsync($"/api/enterprises/{code}");

        var body = await HttpAssert.Status(HttpStatusCode.OK, response);
        Assert.Equal("示例生物科技有限公司", body.GetProperty("name").GetString());
        Assert.Equal("\"1\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task AnUnknownEnterpriseIs404WithProblemDetails()
    {
        using var client = api.Client(api.AdminToken);
        var problem = await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync($"/api/enterprises/{Codes.NewCode()}"));
        Assert.Contains("No enterprise", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RegisteringATakenCodeIs409AndKeepsTheFirst()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);

        var again = await client.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name = "冒名公司", segments = new[] { "抗体" } });

        await HttpAssert.Problem(HttpStatusCode.Conflict, again);
        var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal("示例生物科技有限公司", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task PatchWithTheCurrentETagChangesTheProfile()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);

        var response = await client.SendAsync(Patch(code, new { headcount = 88, district = "滨海高新区" }, "\"1\""));

        var body = await HttpAssert.Status(HttpStatusCode.OK, response);
        Assert.Equal(88, body.GetProperty("headcount").GetInt32());
        Assert.Equal("\"2\"", response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task PatchWithAStaleETagIs412AndChangesNothing()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);
        await HttpAssert.Status(HttpStatusCode.OK, await client.SendAsync(Patch(code, new { headcount = 10 }, "\"1\"")));

        var stale = await client.SendAsync(Patch(code, new { headcount = 999 }, "\"1\""));

        var problem = await HttpAssert.Problem(HttpStatusCode.PreconditionFailed, stale);
        Assert.Equal("\"2\"", problem.GetProperty("currentEtag").GetString());
        var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal(10, body.GetProperty("headcount").GetInt32());
    }

    [Fact]
    public async Task AnEntityTagThisServiceNeverIssuedIs412AndAMalformedOneIs400()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);

        var foreign = await HttpAssert.Problem(HttpStatusCode.PreconditionFailed, await client.SendAsync(Patch(code, new { headcount = 5 }, "\"stale-etag\"")));
        Assert.Equal("\"1\"", foreign.GetProperty("currentEtag").GetString());
        await HttpAssert.Problem(HttpStatusCode.PreconditionFailed, await client.SendAsync(Patch(code, new { headcount = 5 }, "W/\"abc\"")));
        await HttpAssert.NamesField(await client.SendAsync(Patch(code, new { headcount = 5 }, "no-quotes")), "If-Match");
        var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal(1, body.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task PatchWithoutIfMatchIs428()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);
        await HttpAssert.Problem(HttpStatusCode.PreconditionRequired, await client.SendAsync(Patch(code, new { headcount = 1 }, null)));
    }

    [Fact]
    public async Task TwoConcurrentEditsOfOneVersionNeverBothWin()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => client.SendAsync(Patch(code, new { headcount = i }, "\"1\""))));

        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal(2, body.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task WithoutATokenEveryApiCallIs401()
    {
        using var anonymous = api.Client();
        await HttpAssert.Problem(HttpStatusCode.Unauthorized, await anonymous.GetAsync("/api/enterprises"));
        await HttpAssert.Problem(HttpStatusCode.Unauthorized, await anonymous.PostAsJsonAsync("/api/enterprises", Minimal(Codes.NewCode())));
        using var forged = api.Client("cv_not-a-real-token");
        await HttpAssert.Problem(HttpStatusCode.Unauthorized, await forged.GetAsync("/api/enterprises"));
    }

    [Fact]
    public async Task AnEnterpriseTokenChangesOnlyItsOwnEnterprise()
    {
        using var admin = api.Client(api.AdminToken);
        var own = await RegisterAsync(admin);
        var other = await RegisterAsync(admin);
        using var client = api.Client(await api.MintAsync(ApiRoles.Enterprise, own));

        // Its own headcount is a proposal for staff to review (ProposalTests follows one through).
        await HttpAssert.Status(HttpStatusCode.Accepted, await client.SendAsync(Patch(own, new { headcount = 5 }, "\"1\"")));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.SendAsync(Patch(other, new { headcount = 5 }, "\"1\"")));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.PostAsJsonAsync($"/api/enterprises/{own}/tiers",
            new { tier = "eaglet", recognizedOn = "2025-01-01", source = "自称" }));
        var otherNow = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{other}"));
        Assert.Equal(1, otherNow.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task AViewerReadsButChangesNothing()
    {
        using var admin = api.Client(api.AdminToken);
        var code = await RegisterAsync(admin);
        using var viewer = api.Client(await api.MintAsync(ApiRoles.Viewer));

        await HttpAssert.Status(HttpStatusCode.OK, await viewer.GetAsync($"/api/enterprises/{code}"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await viewer.PostAsJsonAsync("/api/enterprises", Minimal(Codes.NewCode())));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await viewer.SendAsync(Patch(code, new { headcount = 5 }, "\"1\"")));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await viewer.PostAsJsonAsync("/api/admin/tokens", new { role = "admin", label = "x" }));
    }

    [Fact]
    public async Task AnInvalidCreditCodeIs400NamingCreditCode()
    {
        using var client = api.Client(api.AdminToken);
        var response = await client.PostAsJsonAsync("/api/enterprises", new { creditCode = "91350100M000100Y4Z", name = "x", segments = new[] { "细胞治疗" } });
        await HttpAssert.NamesField(response, "creditCode", "'Z'");
    }

    [Theory]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["细胞治疗"],"headcount":"many"}""", "headcount", "whole number")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["细胞治疗"],"foundedOn":"yesterday"}""", "foundedOn", "YYYY-MM-DD")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":"细胞治疗"}""", "segments", "array")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["细胞治疗"],"segmentz":[]}""", "segmentz", "not a field")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["细胞治疗"],"headcount":99999999999999}""", "headcount", "whole number")]
    [InlineData("""{"creditCode":"@code","name":"x",""", "body", "")]
    [InlineData("""{"creditCode":"@code","segments":["细胞治疗"]}""", "name", "required")]
    [InlineData("""{"creditCode":"@code","name":"x"}""", "segments", "is required")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":[]}""", "segments", "at least one")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["炼金术"]}""", "segments[0]", "not a known segment")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["细胞治疗"],"headcount":-1}""", "headcount", "between 0")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["细胞治疗"],"revenueYuan":-5}""", "revenueYuan", "negative")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["细胞治疗"],"foundedOn":"2099-01-01"}""", "foundedOn", "future")]
    [InlineData("""{"creditCode":"@code","name":"x","segments":["细胞治疗"],"contacts":[{"name":"王","email":"nope"}]}""", "contacts[0].email", "e-mail")]
    public async Task BadBodiesAre400NamingTheFieldAndRegisterNothing(string json, string field, string rule)
    {
        using var client = api.Client(api.AdminToken);
        var code = Codes.NewCode();
        var content = new StringContent(json.Replace("@code", code), Encoding.UTF8, "application/json");

        await HttpAssert.NamesField(await client.PostAsync("/api/enterprises", content), field, rule);
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync($"/api/enterprises/{code}"));
    }

    [Fact]
    public async Task AnOverlongNameIs400()
    {
        using var client = api.Client(api.AdminToken);
        var response = await client.PostAsJsonAsync("/api/enterprises", new { creditCode = Codes.NewCode(), name = new string('名', 101), segments = new[] { "细胞治疗" } });
        await HttpAssert.NamesField(response, "name", "at most 100");
    }

    [Fact]
    public async Task ABodyOverOneMegabyteIs413()
    {
        using var client = api.Client(api.AdminToken);
        var huge = "{\"creditCode\":\"" + Codes.NewCode() + "\",\"name\":\"" + new string('x', 1_100_000) + "\",\"segments\":[\"细胞治疗\"]}";
        var response = await client.PostAsync("/api/enterprises", new StringContent(huge, Encoding.UTF8, "application/json"));
        await HttpAssert.Problem(HttpStatusCode.RequestEntityTooLarge, response);
    }

    [Fact]
    public async Task AMalformedIfMatchIs400()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);
        await HttpAssert.NamesField(await client.SendAsync(Patch(code, new { headcount = 1 }, "version-one")), "If-Match");
    }

    [Fact]
    public async Task TierRecognitionIsRecordedAndShownInHistory()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);

        var response = await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers",
            new { tier = "雏鹰", recognizedOn = "2025-09-30", batch = "2025年第二批", source = "天津市科学技术局", reason = "符合津科规〔2021〕3号" });

        var body = await HttpAssert.Status(HttpStatusCode.Created, response);
        Assert.Equal("eaglet", body.GetProperty("tier").GetString());
        Assert.Equal("雏鹰", body.GetProperty("tierName").GetString());
        Assert.Equal("2028-09-30", body.GetProperty("tierHistory")[0].GetProperty("validUntil").GetString());
        var history = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/history"));
        Assert.Equal(["EnterpriseRegistered", "TierRecognized"], history.EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray());
        Assert.Equal("admin", history[1].GetProperty("actorRole").GetString());
    }

    [Fact]
    public async Task AnUnknownTierIs400()
    {
        using var client = api.Client(api.AdminToken);
        var code = await RegisterAsync(client);
        var response = await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers", new { tier = "凤凰", recognizedOn = "2025-09-30", source = "x" });
        await HttpAssert.NamesField(response, "tier", "eaglet");
    }

    [Fact]
    public async Task TheListIsServedFromTheReadTableWithChineseNameSearch()
    {
        using var client = api.Client(api.AdminToken);
        var marker = "滨海" + Guid.NewGuid().ToString("N")[..6];
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = code, name = $"{marker}基因治疗有限公司", segments = new[] { "基因治疗" }, district = "经开区" }));

        var page = await HttpAssert.Status(HttpStatusCode.OK,
            await client.GetAsync($"/api/enterprises?q={Uri.EscapeDataString(marker)}&segment={Uri.EscapeDataString("基因治疗")}&district={Uri.EscapeDataString("经开区")}&tier=none"));

        Assert.Equal(1, page.GetProperty("total").GetInt64());
        Assert.Equal(code, page.GetProperty("items")[0].GetProperty("creditCode").GetString());

        // The list reads cv_enterprises: a row there is what the list shows.
        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM cv_enterprises WHERE name LIKE @p", new { p = marker + "%" }));
    }

    [Fact]
    public async Task TheListSortsTheWholeListAndFindsLapsedRecognitionsAndAParksTenants()
    {
        using var client = api.Client(api.AdminToken);
        var marker = "排序" + Guid.NewGuid().ToString("N")[..6];
        var codes = new List<string>();
        foreach (var (name, headcount) in new[] { ("甲", 30), ("乙", 300), ("丙", 120) })
        {
            var code = Codes.NewCode();
            codes.Add(code);
            await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
                new { creditCode = code, name = $"{marker}{name}生物", segments = new[] { "抗体" }, headcount }));
        }

        async Task<string[]> Heads(string query) =>
            (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises?q={Uri.EscapeDataString(marker)}&{query}")))
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("headcount").ToString()).ToArray();
        Assert.Equal(["300", "120", "30"], await Heads("sort=-headcount"));
        Assert.Equal(["30", "120", "300"], await Heads("sort=headcount"));
        Assert.Equal(["300"], await Heads("sort=-headcount&pageSize=1"));

        // A recognition whose validity ran out, and a park's tenants.
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{codes[0]}/tiers",
            new { tier = "eaglet", recognizedOn = "2020-01-01", source = "市科技局", reason = "往年认定", validUntil = "2023-01-01" }));
        Assert.Equal(["30"], await Heads("expired=true"));
        var park = await ParkBuilder.CreateAsync(client, ("U1", 200, "2024-01-01"));
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, codes[2], "U1", 200, "2025-01-01", "2027-01-01"));
        Assert.Equal(["120"], await Heads($"park={park}"));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("tier=phoenix", "tier")]
    [InlineData("segment=nothing", "segment")]
    [InlineData("sort=revenue", "sort")]
    [InlineData("status=gone", "status")]
    public async Task BadListFiltersAre400(string query, string field)
    {
        using var client = api.Client(api.AdminToken);
        await HttpAssert.NamesField(await client.GetAsync($"/api/enterprises?{query}"), field);
    }

    [Fact]
    public async Task HealthEndpointsNeedNoToken()
    {
        using var anonymous = api.Client();
        await HttpAssert.Status(HttpStatusCode.OK, await anonymous.GetAsync("/health/live"));
        await HttpAssert.Status(HttpStatusCode.OK, await anonymous.GetAsync("/health/ready"));
    }

    [Fact]
    public async Task SwaggerDescribesTheApiWithExamples()
    {
        using var anonymous = api.Client();
        var document = await HttpAssert.Status(HttpStatusCode.OK, await anonymous.GetAsync("/swagger/v1/swagger.json"));
        var post = document.GetProperty("paths").GetProperty("/api/enterprises").GetProperty("post");
        var example = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("91350100M000100Y43", example.GetProperty("creditCode").GetString());
    }
}
