using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Eligibility is judged as of a day: a recognition back-filled from 2021 is weighed against 2021, not today.</summary>
[Collection(ApiCollection.Name)]
public sealed class TierAsOfTests(ApiFixture api)
{
    [Fact]
    public async Task AHistoricRecognitionIsJudgedAsOfItsDate()
    {
        using var client = api.Client(api.AdminToken);
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = code, name = "老牌生物", segments = new[] { "抗体" }, foundedOn = "2017-03-01" }));

        // Founded 2017: more than 8 years today, 4 years in 2021.
        Assert.Equal("not-met", Age(await Eligibility(client, code, "")));
        var then = await Eligibility(client, code, "?asOf=2021-05-01");
        Assert.Equal("2021-05-01", then.GetProperty("evaluatedOn").GetString());
        Assert.Equal("met", Age(then));

        var recorded = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers",
            new { tier = "eaglet", recognizedOn = "2021-05-01", source = "天津市科学技术局", batch = "2021年第一批" }));
        Assert.NotEqual("not-met", recorded.GetProperty("tierHistory")[0].GetProperty("engineVerdict").GetString());

        // A recognition dated today is still weighed against today's facts.
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers",
            new { tier = "eaglet", recognizedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), source = "天津市科学技术局" }), "reason");
        await HttpAssert.NamesField(await client.GetAsync($"/api/enterprises/{code}/tier-eligibility?asOf=2999-01-01"), "asOf");
    }

    private static async Task<JsonElement> Eligibility(HttpClient client, string code, string query) =>
        await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/tier-eligibility{query}"));

    private static string? Age(JsonElement eligibility) =>
        eligibility.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("tier").GetString() == "eaglet")
            .GetProperty("clauses").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "age").GetProperty("status").GetString();
}
