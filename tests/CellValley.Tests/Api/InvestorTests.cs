using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Amounts per investor, the guidance-fund share of a round, and the enterprises an investor has backed.</summary>
[Collection(ApiCollection.Name)]
public sealed class InvestorTests(ApiFixture api)
{
    [Fact]
    public async Task AGuidanceFundCountsOnlyForItsShareOfAMixedRound()
    {
        using var client = api.Client(api.AdminToken);
        var fund = "海河产业基金" + Guid.NewGuid().ToString("N")[..4];
        var mixed = await ParkBuilder.EnterpriseAsync(client, "混合轮生物");
        var stated = await ParkBuilder.EnterpriseAsync(client, "明细轮生物");

        var unknown = await Round(client, mixed, 300_000_000, (fund, "guidance-fund", null), ("某创投", "vc", null));
        Assert.Equal(0m, unknown.GetProperty("guidanceFundYuan").GetDecimal());
        var split = await Round(client, stated, 300_000_000, (fund, "guidance-fund", 50_000_000m), ("某创投", "vc", 250_000_000m));
        Assert.Equal(50_000_000m, split.GetProperty("guidanceFundYuan").GetDecimal());

        var totals = (await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{stated}/funding"))).GetProperty("totals");
        Assert.Equal(new Dictionary<string, decimal> { ["equity"] = 250_000_000m, ["guidance-fund"] = 50_000_000m },
            totals.EnumerateArray().ToDictionary(t => t.GetProperty("source").GetString()!, t => t.GetProperty("amount").GetDecimal()));

        await HttpAssert.NamesField(await client.PostAsJsonAsync($"/api/enterprises/{stated}/funding", new
        {
            kind = "equity", date = "2025-08-01", amount = 10_000_000, currency = "CNY", roundType = "b",
            investors = new[] { new { name = fund, type = "guidance-fund", lead = true, amountYuan = 20_000_000 } },
        }), "investors");
    }

    [Fact]
    public async Task AnInvestorsPortfolioListsTheEnterprisesAndRoundsItBacked()
    {
        using var client = api.Client(api.AdminToken);
        var fund = "滨海引导基金" + Guid.NewGuid().ToString("N")[..4];
        var first = await ParkBuilder.EnterpriseAsync(client, "被投甲");
        var second = await ParkBuilder.EnterpriseAsync(client, "被投乙");
        await Round(client, first, 20_000_000, (fund, "guidance-fund", null));
        await Round(client, second, 80_000_000, (fund, "guidance-fund", 30_000_000m), ("某产业资本", "corporate", 50_000_000m));
        var mistaken = await Round(client, second, 1_000_000, (fund, "guidance-fund", null));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync(
            $"/api/enterprises/{second}/funding/{mistaken.GetProperty("id").GetString()}/void", new { reason = "重复录入" }));

        var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/investors?type=guidance-fund&q={Uri.EscapeDataString(fund)}"));
        var summary = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal((2, 2, 30_000_000m), (summary.GetProperty("enterprises").GetInt32(), summary.GetProperty("rounds").GetInt32(), summary.GetProperty("statedAmountYuan").GetDecimal()));

        var portfolio = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/investors/{Uri.EscapeDataString(fund)}"));
        Assert.Equal("guidance-fund", portfolio.GetProperty("type").GetString());
        Assert.Equal(["被投乙", "被投甲"], portfolio.GetProperty("rounds").EnumerateArray().Select(r => r.GetProperty("enterpriseName").GetString()).Order());
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync("/api/investors/no-such-investor"));
        using var enterprise = api.Client(await api.MintAsync("enterprise", first));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.GetAsync("/api/investors"));
    }

    private static async Task<JsonElement> Round(HttpClient client, string code, decimal amount, params (string Name, string Type, decimal? Amount)[] investors) =>
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", new
        {
            kind = "equity", date = "2025-06-01", amount, currency = "CNY", roundType = "b",
            investors = investors.Select((i, n) => new { name = i.Name, type = i.Type, lead = n == 0, amountYuan = i.Amount }).ToArray(),
        }));
}
