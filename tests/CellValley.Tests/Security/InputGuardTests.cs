using System.Net;
using System.Net.Http.Json;
using System.Text;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Security;

/// <summary>Text and dates are checked at the edge, for every route: a bad value is a 400 naming the field, and nothing changes.</summary>
[Collection(ApiCollection.Name)]
public sealed class InputGuardTests(ApiFixture api)
{
    [Fact]
    public async Task ANulCharacterInAProfileNameIsRefusedNamingTheField()
    {
        using var client = api.Client(api.AdminToken);
        var code = Codes.NewCode();

        var response = await client.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name = "毒\u0000生物", segments = new[] { "抗体" } });

        await HttpAssert.NamesField(response, "name", "NUL");
        await HttpAssert.Status(HttpStatusCode.NotFound, await client.GetAsync($"/api/enterprises/{code}"));
    }

    [Fact]
    public async Task ControlCharactersDeepInABodyAreNamedByTheirJsonPath()
    {
        using var client = api.Client(api.AdminToken);
        var code = Codes.NewCode();

        var response = await client.PostAsJsonAsync("/api/enterprises", new
        {
            creditCode = code,
            name = "控制字符生物有限公司",
            segments = new[] { "抗体" },
            contacts = new[] { new { name = "张三", title = "总经理", phone = "022-1234\u001b5678", email = (string?)null } },
        });

        await HttpAssert.NamesField(response, "contacts[0].phone", "control characters");
    }

    [Fact]
    public async Task ALineBreakIsAllowedInANoteButNotInAName()
    {
        using var client = api.Client(api.AdminToken);
        var institution = await client.PostAsJsonAsync("/api/institutions", new { name = "天津\n大学", kind = "university", city = "天津" });
        await HttpAssert.NamesField(institution, "name", "line breaks");

        var withNote = await client.PostAsJsonAsync("/api/institutions",
            new { name = "天津医科大学" + Guid.NewGuid().ToString("N")[..6], kind = "university", city = "天津", note = "第一行\n第二行\t缩进" });
        Assert.Equal(HttpStatusCode.Created, withNote.StatusCode);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("1899-12-31")]
    public async Task DatesOutsideTheSaneRangeAreRefusedInBodies(string date)
    {
        using var client = api.Client(api.AdminToken);
        var response = await client.PostAsync("/api/enterprises", new StringContent(
            $$"""{"creditCode":"{{Codes.NewCode()}}","name":"远古生物有限公司","segments":["抗体"],"foundedOn":"{{date}}"}""",
            Encoding.UTF8, "application/json"));

        await HttpAssert.NamesField(response, "foundedOn", "1900-01-01 to 2100-12-31");
    }

    [Theory]
    [InlineData("/api/enterprises?q=%00", "q")]
    [InlineData("/api/enterprises?district=%00x", "district")]
    [InlineData("/api/institutions?q=%00", "q")]
    [InlineData("/api/products?registrationClass=%00", "registrationClass")]
    [InlineData("/api/leads/overdue?owner=%00", "owner")]
    [InlineData("/api/reports/single-supplier?supplyKind=%00", "supplyKind")]
    [InlineData("/api/picture?asOf=0001-01-01", "asOf")]
    public async Task HostileQueryValuesAreA400NamingTheParameter(string url, string field)
    {
        using var client = api.Client(api.AdminToken);
        await HttpAssert.NamesField(await client.GetAsync(url), field);
    }

    [Fact]
    public async Task FarDatesInAQueryAreRefusedBeforeAnySqlRuns()
    {
        using var client = api.Client(api.AdminToken);
        var park = await ParkBuilder.CreateAsync(client);

        await HttpAssert.NamesField(await client.GetAsync($"/api/parks/{park}/vacancies?asOf=9999-12-31"), "asOf", "2100-12-31");
        await HttpAssert.NamesField(await client.GetAsync($"/api/parks/{park}/occupancy?asOf=0001-01-01"), "asOf", "1900-01-01");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task AnEmptyOrNullBodyIsA400NamingTheBody(string body)
    {
        using var client = api.Client(api.AdminToken);
        var response = await client.PostAsync("/api/enterprises", new StringContent(body, Encoding.UTF8, "application/json"));
        await HttpAssert.NamesField(response, "body");
    }

    [Fact]
    public async Task AMalformedQueryNumberIsA400NamingTheParameter()
    {
        using var client = api.Client(api.AdminToken);
        await HttpAssert.NamesField(await client.GetAsync("/api/enterprises?page=abc"), "page", "whole number");
    }

    [Fact]
    public async Task ATokenLabelWithANulIsRefused()
    {
        using var client = api.Client(api.AdminToken);
        var response = await client.PostAsJsonAsync("/api/admin/tokens", new { role = "viewer", label = "领导\u0000驾驶舱" });
        await HttpAssert.NamesField(response, "label", "NUL");
    }

    [Theory]
    [InlineData("/dashboard/HistoricalStats/x")]
    [InlineData("/dashboard/SiloStats/x")]
    [InlineData("/dashboard/GrainStats/%00")]
    [InlineData("/dashboard/SiloCounters/not-a-silo")]
    public async Task TheDashboardAnswersMalformedAddressesWithA400(string url)
    {
        using var client = api.Client(api.AdminToken);
        var response = await client.GetAsync(url);
        Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
