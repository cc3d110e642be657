using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Picture;

/// <summary>Enterprises move out (迁出) and are deregistered (注销); the picture counts what was active on the day asked.</summary>
public sealed class EnterpriseLifecycleTests : IClassFixture<IsolatedApiFixture>
{
    private readonly IsolatedApiFixture _api;
    private readonly HttpClient _client;

    public EnterpriseLifecycleTests(IsolatedApiFixture api)
    {
        _api = api;
        _client = api.Client(api.AdminToken, language: null);
    }

    [Fact]
    public async Task MovedOutAndDeregisteredEnterprisesStopCountingFromTheirDay()
    {
        var stays = await Enterprise("留守生物");
        var leaves = await Enterprise("迁出生物");
        var closes = await Enterprise("注销生物");
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync($"/api/enterprises/{leaves}/tiers", new { tier = "leader", recognizedOn = "2024-03-01", source = "市科技局", reason = "批次认定" }));

        await HttpAssert.NamesField(await Status(leaves, new { status = "moved-out", since = "2025-06-30" }), "destination", "为必填项");
        await HttpAssert.NamesField(await Status(leaves, new { status = "moved-out", since = "2999-01-01", destination = "苏州" }), "since");
        await HttpAssert.NamesField(await Status(leaves, new { status = "active", since = "2025-06-30", reason = "x" }), "status", "已是");
        var moved = await Ok(HttpStatusCode.OK, Status(leaves, new { status = "moved-out", since = "2025-06-30", destination = "苏州工业园区", reason = "扩产迁至新基地" }));
        Assert.Equal(("moved-out", "2025-06-30", "苏州工业园区"),
            (moved.GetProperty("status").GetProperty("status").GetString(), moved.GetProperty("status").GetProperty("since").GetString(),
             moved.GetProperty("status").GetProperty("destination").GetString()));
        await Ok(HttpStatusCode.OK, Status(closes, new { status = "deregistered", since = "2026-01-15" }));

        Assert.Equal(3, Total(await Picture("?asOf=2025-01-01")));
        Assert.Equal(1m, Leaders(await Picture("?asOf=2025-01-01")));
        Assert.Equal(2, Total(await Picture("?asOf=2025-12-31")));
        Assert.Equal(0m, Leaders(await Picture("?asOf=2025-12-31")));
        Assert.Equal(1, Total(await Picture("?asOf=2026-06-01")));

        var list = await Ok(HttpStatusCode.OK, _client.GetAsync("/api/enterprises?status=moved-out"));
        Assert.Equal([leaves], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("creditCode").GetString()));
        var history = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/enterprises/{leaves}/history"));
        Assert.Equal("StatusChanged", history.EnumerateArray().Last().GetProperty("type").GetString());

        // Back again: a return needs a reason, and counts from its day.
        await HttpAssert.NamesField(await Status(leaves, new { status = "active", since = "2026-03-01" }), "reason");
        await Ok(HttpStatusCode.OK, Status(leaves, new { status = "active", since = "2026-03-01", reason = "回迁：研发中心重新落户" }));
        Assert.Equal(2, Total(await Picture("?asOf=2026-06-01")));
        _ = stays;
    }

    [Fact]
    public async Task OnlyStaffRecordAStatusAndOnlyWithTheVersionRead()
    {
        var code = await Enterprise("权限生物", foundedOn: "2026-11-01"); // after every day the other test asks about
        using var enterprise = _api.Client(await _api.MintAsync("enterprise", code));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.PostAsJsonAsync($"/api/enterprises/{code}/status",
            new { status = "deregistered", since = "2025-01-01" }));
        await HttpAssert.Problem(HttpStatusCode.PreconditionRequired, await _client.PostAsJsonAsync($"/api/enterprises/{code}/status",
            new { status = "deregistered", since = "2025-01-01" }));
    }

    private async Task<string> Enterprise(string name, string foundedOn = "2019-01-01")
    {
        var code = Codes.NewCode();
        await Ok(HttpStatusCode.Created, _client.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name, segments = new[] { "抗体" }, foundedOn }));
        return code;
    }

    private async Task<HttpResponseMessage> Status(string code, object body)
    {
        var current = await _client.GetAsync($"/api/enterprises/{code}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/enterprises/{code}/status") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        return await _client.SendAsync(request);
    }

    private async Task<JsonElement> Picture(string query) => await Ok(HttpStatusCode.OK, _client.GetAsync("/api/picture" + query));

    private static int Total(JsonElement picture) => picture.GetProperty("enterprises").GetProperty("total").GetInt32();

    private static decimal Leaders(JsonElement picture) =>
        picture.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "leader-enterprises").GetProperty("value").GetDecimal();

    private static async Task<JsonElement> Ok(HttpStatusCode status, Task<HttpResponseMessage> response) => await HttpAssert.Status(status, await response);
}
