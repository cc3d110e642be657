using System.Net;
using System.Net.Http.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Security;

/// <summary>An enterprise reads its own record in full and only the public card of any other.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReadScopeTests(ApiFixture api)
{
    private async Task<string> RegisterAsync(HttpClient client, string name)
    {
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises", new
        {
            creditCode = code,
            name,
            segments = new[] { "细胞治疗" },
            foundedOn = "2019-06-18",
            district = "滨海高新区",
            headcount = 85,
            revenueYuan = 35000000,
            rdSpendYuan = 9000000,
            financialYear = 2025,
            contacts = new[] { new { name = "李四", title = "董事长", phone = "13800000000", email = "li@example.cn" } },
        }));
        return code;
    }

    [Fact]
    public async Task AnEnterpriseSeesAnotherEnterpriseOnlyAsItsPublicCard()
    {
        using var admin = api.Client(api.AdminToken);
        var own = await RegisterAsync(admin, "自家细胞科技有限公司");
        var other = await RegisterAsync(admin, "别家细胞科技有限公司");
        using var client = api.Client(await api.MintAsync("enterprise", own));

        var mine = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{own}"));
        Assert.Equal(85, mine.GetProperty("headcount").GetInt32());
        Assert.Equal("李四", mine.GetProperty("contacts")[0].GetProperty("name").GetString());

        var card = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{other}"));
        Assert.Equal("别家细胞科技有限公司", card.GetProperty("name").GetString());
        Assert.Equal("滨海高新区", card.GetProperty("district").GetString());
        Assert.Equal("细胞治疗", card.GetProperty("segments")[0].GetString());
        Assert.Empty(card.GetProperty("contacts").EnumerateArray());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, card.GetProperty("revenueYuan").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, card.GetProperty("rdSpendYuan").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, card.GetProperty("headcount").ValueKind);
    }

    [Fact]
    public async Task AProfileAnswerKeptForReuseIsEachReadersOwnAndFollowsEveryChange()
    {
        using var admin = api.Client(api.AdminToken);
        var own = await RegisterAsync(admin, "自家基因科技有限公司");
        var other = await RegisterAsync(admin, "别家基因科技有限公司");
        using var client = api.Client(await api.MintAsync("enterprise", own));

        // Answers are kept per version: the full record read twice by staff, the card read between them by another
        // enterprise, and neither answer is served to the other reader.
        for (var round = 0; round < 2; round++)
        {
            var full = await HttpAssert.Status(HttpStatusCode.OK, await admin.GetAsync($"/api/enterprises/{other}"));
            Assert.Equal(85, full.GetProperty("headcount").GetInt32());
            var card = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{other}"));
            Assert.Equal(System.Text.Json.JsonValueKind.Null, card.GetProperty("headcount").ValueKind);
            Assert.Empty(card.GetProperty("contacts").EnumerateArray());
        }

        using var change = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{other}") { Content = JsonContent.Create(new { headcount = 90 }) };
        change.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await HttpAssert.Status(HttpStatusCode.OK, await admin.SendAsync(change));

        using var read = await admin.GetAsync($"/api/enterprises/{other}");
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
        Assert.Equal("application/json; charset=utf-8", read.Content.Headers.ContentType?.ToString());
        var after = await HttpAssert.Status(HttpStatusCode.OK, read);
        Assert.Equal(90, after.GetProperty("headcount").GetInt32());
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        var cardAfter = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{other}"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cardAfter.GetProperty("headcount").ValueKind);
        Assert.Equal(2, cardAfter.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("/history")]
    [InlineData("/funding")]
    [InlineData("/products")]
    [InlineData("/relations")]
    [InlineData("/tier-eligibility")]
    public async Task AnEnterpriseCannotReadAnotherEnterprisesConfidentialParts(string part)
    {
        using var admin = api.Client(api.AdminToken);
        var own = await RegisterAsync(admin, "自家抗体有限公司");
        var other = await RegisterAsync(admin, "别家抗体有限公司");
        using var client = api.Client(await api.MintAsync("enterprise", own));

        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync($"/api/enterprises/{other}{part}"));
        await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{own}{part}"));
    }

    [Fact]
    public async Task TheClusterProductListShowsAnEnterpriseOnlyItsOwnPipeline()
    {
        using var admin = api.Client(api.AdminToken);
        var own = await RegisterAsync(admin, "自家疫苗有限公司");
        var other = await RegisterAsync(admin, "别家疫苗有限公司");
        foreach (var code in new[] { own, other })
        {
            await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync($"/api/enterprises/{code}/products",
                new { name = "重组带状疱疹疫苗 " + code[^4..], kind = "vaccine", registrationClass = "预防用生物制品1类" }));
        }

        using var client = api.Client(await api.MintAsync("enterprise", own));
        var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/products?pageSize=100"));
        Assert.NotEmpty(list.GetProperty("items").EnumerateArray());
        Assert.All(list.GetProperty("items").EnumerateArray(), p => Assert.Equal(own, p.GetProperty("creditCode").GetString()));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync($"/api/products?code={other}"));
    }

    [Fact]
    public async Task AnEnterpriseSeesOnlyTheRelationsItIsAnEndOf()
    {
        using var admin = api.Client(api.AdminToken);
        var own = await RegisterAsync(admin, "自家载体有限公司");
        var partner = await RegisterAsync(admin, "合作载体有限公司");
        var stranger = await RegisterAsync(admin, "无关载体有限公司");
        var mine = await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/relations",
            new { type = "supplier", from = $"enterprise:{partner}", to = $"enterprise:{own}", supplyKind = "慢病毒载体" }));
        var theirs = await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/relations",
            new { type = "supplier", from = $"enterprise:{stranger}", to = $"enterprise:{partner}", supplyKind = "质粒" }));

        using var client = api.Client(await api.MintAsync("enterprise", own));
        await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/relations/{mine.GetProperty("id").GetString()}"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync($"/api/relations/{theirs.GetProperty("id").GetString()}"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync($"/api/graph?entity=enterprise:{partner}&depth=1"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await client.GetAsync($"/api/graph?entity=enterprise:{own}&depth=2"));

        var graph = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/graph?entity=enterprise:{own}"));
        var edge = Assert.Single(graph.GetProperty("edges").EnumerateArray());
        Assert.Equal(mine.GetProperty("id").GetString(), edge.GetProperty("relationId").GetString());

        var report = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/reports/single-supplier"));
        Assert.All(report.EnumerateArray(), r => Assert.Equal($"enterprise:{own}", r.GetProperty("customer").GetString()));
        Assert.Contains(report.EnumerateArray(), r => r.GetProperty("supplyKind").GetString() == "慢病毒载体");
    }

    [Fact]
    public async Task TheEnterpriseListShowsOtherEnterprisesWithoutTheirFigures()
    {
        using var admin = api.Client(api.AdminToken);
        var name = "列表范围" + Guid.NewGuid().ToString("N")[..6];
        var own = await RegisterAsync(admin, name + "自家有限公司");
        var other = await RegisterAsync(admin, name + "别家有限公司");
        using var client = api.Client(await api.MintAsync("enterprise", own));

        var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises?q={Uri.EscapeDataString(name)}"));
        var rows = list.GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("creditCode").GetString()!);
        Assert.Equal(85, rows[own].GetProperty("headcount").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[other].GetProperty("headcount").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[other].GetProperty("foundedOn").ValueKind);
    }
}
