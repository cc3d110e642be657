using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Funding mistakes are corrected or voided, never deleted; grants outside every known policy are recorded only on purpose.</summary>
[Collection(ApiCollection.Name)]
public sealed class FundingCorrectionTests(ApiFixture api)
{
    private async Task<(HttpClient Client, string Code, string ProductId)> EnterpriseWithProductAsync()
    {
        var client = api.Client(api.AdminToken, language: null);
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name = "更正生物", segments = new[] { "抗体" } }));
        var product = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/products",
            new { name = "CV-101", kind = "antibody", stage = "phase-1", stageDate = "2025-01-10" }));
        return (client, code, product.GetProperty("id").GetString()!);
    }

    private static object Grant(string productId, decimal amount, string date = "2025-03-01", bool? uncapped = null) =>
        new { kind = "grant", date, amount, currency = "CNY", category = "phase-1", productId, grantor = "市科技局", uncapped };

    [Fact]
    public async Task AVoidedGrantStaysOnRecordButNoLongerUsesTheCap()
    {
        var (client, code, productId) = await EnterpriseWithProductAsync();
        var first = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 1_000_000)));
        var firstId = first.GetProperty("id").GetString();
        var refused = await HttpAssert.Problem((HttpStatusCode)422, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 200_000)));
        Assert.Contains("剩余额度 ¥0", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/enterprises/{code}/funding/{firstId}/void", new { reason = " " }), "reason");
        var voided = await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding/{firstId}/void", new { reason = "误录：属另一产品的资助" }));
        Assert.Equal("误录：属另一产品的资助", voided.GetProperty("voided").GetProperty("reason").GetString());
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/enterprises/{code}/funding/{firstId}/void", new { reason = "再次作废" }), "fundingId", "已于");

        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 200_000)));
        var summary = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/funding"));
        Assert.Equal(2, summary.GetProperty("entries").GetArrayLength());
        Assert.Equal(200_000m, summary.GetProperty("totals").EnumerateArray().Single().GetProperty("amount").GetDecimal());

        var history = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/history"));
        Assert.Contains(history.EnumerateArray(), e => e.GetProperty("type").GetString() == "FundingVoided" && e.GetProperty("actorRole").GetString() == "admin");

        using var enterprise = api.Client(await api.MintAsync("enterprise", code));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.PostAsJsonAsync($"/api/enterprises/{code}/funding/{firstId}/void", new { reason = "x" }));
    }

    [Fact]
    public async Task TheSummaryShowsWhatEachCapHasLeft()
    {
        var (client, code, productId) = await EnterpriseWithProductAsync();
        var thisYear = DateTime.UtcNow.Year;
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 300_000, $"{thisYear - 1}-06-01")));
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 250_000, today)));
        var voided = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 100_000, today)));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding/{voided.GetProperty("id").GetString()}/void", new { reason = "重复录入" }));

        var caps = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/funding"))).GetProperty("caps").EnumerateArray()
            .Select(c => $"{c.GetProperty("kind").GetString()} {c.GetProperty("subject").GetString()} {c.GetProperty("productId").GetString()} "
                + $"{c.GetProperty("capYuan").GetDecimal():0}/{c.GetProperty("usedYuan").GetDecimal():0}/{c.GetProperty("headroomYuan").GetDecimal():0}")
            .ToArray();
        // This year's cap per enterprise counts this year's grants; the product's phase-1 cap counts both years'; the voided grant neither.
        Assert.Equal([$"annual {thisYear}  50000000/250000/49750000", $"per-product I期临床试验 {productId} 1000000/550000/450000"], caps);
    }

    [Fact]
    public async Task ACorrectionReplacesTheEntryAndIsCheckedWithoutIt()
    {
        var (client, code, productId) = await EnterpriseWithProductAsync();
        var wrong = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 900_000)));
        var wrongId = wrong.GetProperty("id").GetString();

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/enterprises/{code}/funding/{wrongId}/correction",
            new { reason = "金额有误", funding = new { kind = "grant", date = "2025-03-01", amount = 600_000, currency = "CNY", category = "phase-1", productId } }), "funding.grantor");
        var corrected = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding/{wrongId}/correction",
            new { reason = "金额有误，按拨付通知更正", funding = Grant(productId, 1_000_000) }));
        var correctedId = corrected.GetProperty("id").GetString();

        var entries = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/funding"))).GetProperty("entries");
        var old = entries.EnumerateArray().Single(e => e.GetProperty("id").GetString() == wrongId);
        Assert.Equal(correctedId, old.GetProperty("voided").GetProperty("replacedBy").GetString());
        Assert.Equal(JsonValueKind.Null, entries.EnumerateArray().Single(e => e.GetProperty("id").GetString() == correctedId).GetProperty("voided").ValueKind);
        await HttpAssert.Problem((HttpStatusCode)422, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 1)));
    }

    [Fact]
    public async Task AGrantBeforeEveryKnownPolicyIsRecordedOnlyAsUncapped()
    {
        var (client, code, productId) = await EnterpriseWithProductAsync();
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 99_000_000, "2022-06-01")),
            "date", "资助上限政策均未生效");
        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 100_000, "2025-06-01", uncapped: true)), "uncapped");

        var old = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", Grant(productId, 3_000_000, "2022-06-01", uncapped: true)));
        Assert.True(old.GetProperty("uncapped").GetBoolean());
        Assert.Equal(JsonValueKind.Null, old.GetProperty("policyVersion").ValueKind);
    }
}
