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

    [Fact]
    public async Task ARecognitionRecordedByMistakeIsVoidedAndTheTierFallsBack()
    {
        using var client = api.Client(api.AdminToken);
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = code, name = "误录认定生物", segments = new[] { "抗体" }, foundedOn = "2020-01-01" }));
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers",
            new { tier = "eaglet", recognizedOn = "2023-05-01", source = "市科技局", reason = "批次认定" }));
        var wrong = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers",
            new { tier = "leader", recognizedOn = "2025-05-01", source = "市科技局", reason = "批次认定" }));
        Assert.Equal("leader", wrong.GetProperty("tier").GetString());

        await HttpAssert.Problem(HttpStatusCode.PreconditionRequired, await client.PostAsJsonAsync($"/api/enterprises/{code}/tiers/2/void", new { reason = "同名企业误录" }));
        var voided = await HttpAssert.Status(HttpStatusCode.OK, await Void(client, code, 2, "同名企业误录"));
        Assert.Equal("eaglet", voided.GetProperty("tier").GetString());
        var entry = voided.GetProperty("tierHistory").EnumerateArray().Single(t => t.GetProperty("seq").GetInt32() == 2);
        Assert.Equal("同名企业误录", entry.GetProperty("voided").GetProperty("reason").GetString());

        await HttpAssert.NamesField(await Void(client, code, 2, "再次"), "seq");
        await HttpAssert.Problem(HttpStatusCode.NotFound, await Void(client, code, 9, "不存在"));
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises?q={code}"));
        Assert.Equal("eaglet", Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("tier").GetString());
    }

    private static async Task<HttpResponseMessage> Void(HttpClient client, string code, int seq, string reason)
    {
        var current = await client.GetAsync($"/api/enterprises/{code}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/enterprises/{code}/tiers/{seq}/void") { Content = JsonContent.Create(new { reason }) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> Eligibility(HttpClient client, string code, string query) =>
        await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/tier-eligibility{query}"));

    private static string? Age(JsonElement eligibility) =>
        eligibility.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("tier").GetString() == "eaglet")
            .GetProperty("clauses").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "age").GetProperty("status").GetString();
}
