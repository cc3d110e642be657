using System.Net;
using System.Net.Http.Json;
using CellValley.Api.Auth;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class TierApiTests(ApiFixture api)
{
    private async Task<(HttpClient Client, string Code)> EnterpriseAsync(string foundedOn, bool highTech)
    {
        var client = api.Client(api.AdminToken);
        var code = Codes.NewCode();
        var lastYear = DateTime.UtcNow.Year - 1;
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises", new
        {
            creditCode = code, name = "梯度测试生物有限公司", segments = new[] { "细胞治疗" }, foundedOn,
            revenueYuan = 800_000, rdSpendYuan = 200_000, financialYear = lastYear, headcount = 30,
            qualifications = new { highTechEnterprise = highTech, ipClass1Items = 0, ipClass2Items = 1, stateOrProvincialProject = false },
        }));
        return (client, code);
    }

    [Fact]
    public async Task EligibilityIsAnsweredClauseByClauseWithTheValuesUsed()
    {
        var (client, code) = await EnterpriseAsync("2021-03-01", highTech: true);

        var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/tier-eligibility"));

        var eaglet = body.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("tier").GetString() == "eaglet");
        Assert.Equal("met", eaglet.GetProperty("status").GetString());
        Assert.Equal("tj-eaglet-2021", eaglet.GetProperty("ruleSet").GetString());
        var revenue = eaglet.GetProperty("clauses").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "revenue");
        Assert.Equal("met", revenue.GetProperty("status").GetString());
        Assert.Contains("800,000", revenue.GetProperty("actual").GetString());

        // In Chinese (the default), the clause's values read as people write them.
        using var chinese = api.Client(api.AdminToken, language: null);
        var zh = await HttpAssert.Status(HttpStatusCode.OK, await chinese.GetAsync($"/api/enterprises/{code}/tier-eligibility"));
        var zhRevenue = zh.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("tier").GetString() == "eaglet")
            .GetProperty("clauses").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "revenue");
        Assert.Matches("^[0-9]{4} 年 ¥800,000$", zhRevenue.GetProperty("actual").GetString());
        Assert.Matches("^[0-9]{4} 年不低于 ¥", zhRevenue.GetProperty("threshold").GetString());
        var gazelle = body.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("tier").GetString() == "gazelle");
        Assert.Equal("unknown", gazelle.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RecordingATierAgainstTheEnginesVerdictNeedsAReason()
    {
        var (client, code) = await EnterpriseAsync("2010-01-01", highTech: true);

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers",
            new { tier = "eaglet", recognizedOn = "2025-06-01", source = "天津市科学技术局" }), "reason", "age");
        var body = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers",
            new { tier = "eaglet", recognizedOn = "2025-06-01", source = "天津市科学技术局", reason = "按原认定批次延续，专家评审通过" }));
        Assert.Equal("not-met", body.GetProperty("tierHistory")[0].GetProperty("engineVerdict").GetString());
    }

    [Fact]
    public async Task AnAdminSetsAnUnpublishedThresholdAndTheVerdictFollows()
    {
        var (client, code) = await EnterpriseAsync("2021-03-01", highTech: true);
        var sets = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/tier-criteria"));
        var gazelle = sets.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "tj-gazelle");
        var etag = $"\"{gazelle.GetProperty("version").GetInt32()}\"";

        HttpRequestMessage Put(string clause, object body, string? ifMatch)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/tier-criteria/tj-gazelle/clauses/{clause}") { Content = JsonContent.Create(body) };
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return request;
        }

        using var staff = api.Client(await api.MintAsync(ApiRoles.Staff));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await staff.SendAsync(Put("revenue", new { value = 1 }, etag)));
        await HttpAssert.Problem(HttpStatusCode.PreconditionRequired, await client.SendAsync(Put("revenue", new { value = 1 }, null)));
        await HttpAssert.NamesField(await client.SendAsync(Put("high-tech", new { value = 1 }, etag)), "clause");
        await HttpAssert.NamesField(await client.SendAsync(Put("revenue", new { value = -1 }, etag)), "value");
        await HttpAssert.NamesField(await client.SendAsync(Put("rd-intensity", new { value = 150 }, etag)), "value", "between 0 and 100");
        // A founding age no date can hold was once accepted and then failed every eligibility check with a 500.
        var age = new HttpRequestMessage(HttpMethod.Put, "/api/admin/tier-criteria/tj-eaglet-2021/clauses/age") { Content = JsonContent.Create(new { value = 10_000_000 }) };
        age.Headers.TryAddWithoutValidation("If-Match", "*");
        await HttpAssert.NamesField(await client.SendAsync(age), "value", "whole number between 1 and 100");

        var set = await client.SendAsync(Put("revenue", new { value = 500_000 }, etag));
        await HttpAssert.Status(HttpStatusCode.OK, set);
        await HttpAssert.Problem(HttpStatusCode.PreconditionFailed, await client.SendAsync(Put("rd-intensity", new { value = 5 }, etag)));
        await HttpAssert.Status(HttpStatusCode.OK, await client.SendAsync(Put("rd-intensity", new { value = 20 }, set.Headers.ETag!.Tag)));

        var body = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/tier-eligibility"));
        var verdict = body.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("tier").GetString() == "gazelle");
        Assert.Equal("met", verdict.GetProperty("status").GetString());

        // Put the published state back for other tests.
        var now = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/tier-criteria"));
        var version = now.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "tj-gazelle").GetProperty("version").GetInt32();
        await HttpAssert.Status(HttpStatusCode.OK, await client.SendAsync(Put("revenue", new { value = (decimal?)null }, $"\"{version}\"")));
        await HttpAssert.Status(HttpStatusCode.OK, await client.SendAsync(Put("rd-intensity", new { value = (decimal?)null }, $"\"{version + 1}\"")));
    }
}
