using System.Net;
using System.Net.Http.Json;
using CellValley.Api.Auth;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class TokenApiTests(ApiFixture api)
{
    [Fact]
    public async Task AnAdminMintsAScopedTokenThatWorksUntilRevoked()
    {
        using var admin = api.Client(api.AdminToken);
        var code = Codes.NewCode();
        var minted = await HttpAssert.Status(HttpStatusCode.Created,
            await admin.PostAsJsonAsync("/api/admin/tokens", new { role = "enterprise", scope = code.ToLowerInvariant(), label = "自助填报" }));
        var secret = minted.GetProperty("token").GetString()!;
        Assert.Equal(code, minted.GetProperty("scope").GetString());

        using (var enterprise = api.Client(secret))
        {
            await HttpAssert.Status(HttpStatusCode.Created, await enterprise.PostAsJsonAsync("/api/enterprises",
                new { creditCode = code, name = "自助登记有限公司", segments = new[] { "现代中药" } }));
        }

        var list = await HttpAssert.Status(HttpStatusCode.OK, await admin.GetAsync("/api/admin/tokens"));
        Assert.DoesNotContain(secret, list.ToString());

        var id = minted.GetProperty("id").GetString();
        await HttpAssert.Status(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/admin/tokens/{id}"));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await admin.DeleteAsync($"/api/admin/tokens/{id}"));
    }

    [Theory]
    [InlineData("""{"role":"superuser","label":"x"}""", "role")]
    [InlineData("""{"role":"enterprise","label":"x"}""", "scope")]
    [InlineData("""{"role":"enterprise","scope":"91350100M000100Y4Z","label":"x"}""", "scope")]
    [InlineData("""{"role":"staff","scope":"abc","label":"x"}""", "scope")]
    [InlineData("""{"role":"staff"}""", "label")]
    public async Task BadMintRequestsAre400NamingTheField(string json, string field)
    {
        using var admin = api.Client(api.AdminToken);
        var response = await admin.PostAsync("/api/admin/tokens", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await HttpAssert.NamesField(response, field);
    }

    [Fact]
    public async Task OnlyAdminsMintTokensAndSeeTheDashboard()
    {
        using var staff = api.Client(await api.MintAsync(ApiRoles.Staff));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await staff.PostAsJsonAsync("/api/admin/tokens", new { role = "admin", label = "escalate" }));
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/dashboard/")).StatusCode);
        using var anonymous = api.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);
        using var admin = api.Client(api.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/")).StatusCode);
    }
}
