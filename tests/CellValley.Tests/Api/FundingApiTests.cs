using System.Net;
using System.Net.Http.Json;
using System.Text;
using CellValley.Api.Auth;
using CellValley.Tests.Infrastructure;
using Dapper;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class FundingApiTests(ApiFixture api)
{
    private async Task<(HttpClient Client, string Code, string ProductId)> EnterpriseWithProductAsync()
    {
        var client = api.Client(api.AdminToken);
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = code, name = "资助测试生物有限公司", segments = new[] { "抗体" } }));
        var product = await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/products",
            new { name = "JS-201 单抗", kind = "antibody", registrationClass = "治疗用生物制品1类", stage = "phase-1", stageDate = "2025-01-10" }));
        return (client, code, product.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task AGrantOverItsCapIs422NamingRuleCapAndHeadroom()
    {
        var (client, code, productId) = await EnterpriseWithProductAsync();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding",
            new { kind = "grant", date = "2025-03-01", amount = 700_000, currency = "CNY", category = "phase-1", productId, grantor = "天津市科学技术局" }));

        var over = await client.PostAsJsonAsync($"/api/enterprises/{code}/funding",
            new { kind = "grant", date = "2025-09-01", amount = 300_001, currency = "CNY", category = "phase-1", productId, grantor = "天津市科学技术局" });

        var problem = await HttpAssert.Problem(HttpStatusCode.UnprocessableEntity, over);
        Assert.Contains("phase-1", problem.GetProperty("rule").GetString());
        Assert.Equal(1_000_000m, problem.GetProperty("capYuan").GetDecimal());
        Assert.Equal(300_000m, problem.GetProperty("headroomYuan").GetDecimal());
        var summary = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/funding"));
        Assert.Equal(1, summary.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task AGuidanceFundWithoutAStatedAmountDoesNotMakeAMixedRoundGuidanceFundMoney()
    {
        var (client, code, _) = await EnterpriseWithProductAsync();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", new
        {
            kind = "equity", date = "2025-03-17", datePrecision = "month", amount = 120_000_000, currency = "CNY", roundType = "b",
            investors = new object[] { new { name = "海河产业基金", type = "guidance-fund", lead = true }, new { name = "某创投", type = "vc", lead = false } },
        }));
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding", new
        {
            kind = "equity", date = "2024-06-01", amount = 5_000_000, currency = "USD", roundType = "a",
            investors = new object[] { new { name = "Foreign VC", type = "vc", lead = true } },
        }));
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding",
            new { kind = "loan", date = "2025-05-20", amount = 20_000_000, currency = "CNY", lender = "某银行天津分行", termMonths = 36 }));

        var summary = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}/funding"));

        var totals = summary.GetProperty("totals").EnumerateArray()
            .Select(t => $"{t.GetProperty("year").GetInt32()}/{t.GetProperty("source").GetString()}/{t.GetProperty("currency").GetString()}/{t.GetProperty("amount").GetDecimal()}")
            .ToArray();
        // 海河产业基金 and a VC, no amounts stated: the round counts as equity (InvestorTests covers stated shares).
        Assert.Equal(["2024/equity/USD/5000000", "2025/equity/CNY/120000000", "2025/loan/CNY/20000000"], totals);
        var round = summary.GetProperty("entries").EnumerateArray().First(e => e.GetProperty("roundType").GetString() == "b");
        Assert.Equal("2025-03-01", round.GetProperty("date").GetString());

        await using var connection = await api.Database.DataSource.OpenConnectionAsync();
        var lead = await connection.ExecuteScalarAsync<string>(
            "SELECT lead_investor FROM cv_funding WHERE credit_code = @code AND round_type = 'b'", new { code });
        Assert.Equal("海河产业基金", lead);
    }

    [Theory]
    [InlineData("""{"kind":"equity","date":"2025-01-01","amount":-5,"currency":"CNY","roundType":"a"}""", "amount")]
    [InlineData("""{"kind":"equity","date":"2025-01-01","amount":5,"currency":"XYZ","roundType":"a"}""", "currency")]
    [InlineData("""{"kind":"equity","date":"2999-01-01","amount":5,"currency":"CNY","roundType":"a"}""", "date")]
    [InlineData("""{"kind":"equity","date":"2025-01-01","amount":5,"currency":"CNY","roundType":"z"}""", "roundType")]
    [InlineData("""{"kind":"equity","date":"2025-01-01","amount":5,"currency":"CNY","roundType":"a","investors":[{"name":"a","type":"vc","lead":true},{"name":"b","type":"vc","lead":true}]}""", "investors")]
    [InlineData("""{"kind":"equity","date":"2025-01-01","amount":5,"currency":"CNY","roundType":"a","lender":"x"}""", "lender")]
    [InlineData("""{"kind":"loan","date":"2025-01-01","amount":5,"currency":"CNY"}""", "lender")]
    [InlineData("""{"kind":"gift","date":"2025-01-01","amount":5,"currency":"CNY"}""", "kind")]
    [InlineData("""{"kind":"grant","date":"2025-01-01","amount":5,"currency":"USD","category":"other","grantor":"x"}""", "currency")]
    [InlineData("""{"kind":"grant","date":"2025-01-01","amount":5,"currency":"CNY","category":"phase-9","grantor":"x"}""", "category")]
    [InlineData("""{"kind":"grant","date":"2025-01-01","amount":5,"currency":"CNY","category":"phase-2","grantor":"x"}""", "productId")]
    [InlineData("""{"kind":"grant","date":"2025-01-01","amount":5,"currency":"CNY","category":"phase-2","productId":"PNOPE","grantor":"x"}""", "productId")]
    public async Task BadFundingIs400NamingTheField(string json, string field)
    {
        var (client, code, _) = await EnterpriseWithProductAsync();
        var response = await client.PostAsync($"/api/enterprises/{code}/funding", new StringContent(json, Encoding.UTF8, "application/json"));
        await HttpAssert.NamesField(response, field);
    }

    [Fact]
    public async Task AnEnterpriseProposesItsRoundsButNotItsGrants()
    {
        var (_, code, productId) = await EnterpriseWithProductAsync();
        using var client = api.Client(await api.MintAsync(ApiRoles.Enterprise, code));

        // A round waits for review (see ProposalTests); a grant is staff's to record.
        var proposal = await HttpAssert.Status(HttpStatusCode.Accepted, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding",
            new { kind = "equity", date = "2025-01-01", amount = 1_000_000, currency = "CNY", roundType = "angel" }));
        Assert.Equal("funding", proposal.GetProperty("kind").GetString());
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.PostAsJsonAsync($"/api/enterprises/{code}/funding",
            new { kind = "grant", date = "2025-01-01", amount = 1, currency = "CNY", category = "phase-1", productId, grantor = "自己" }));
    }
}
