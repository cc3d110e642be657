using System.Net;
using System.Net.Http.Json;
using CellValley.Api.Auth;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class InstitutionApiTests(ApiFixture api)
{
    [Fact]
    public async Task StaffRegisterAndEditInstitutionsWithETags()
    {
        using var client = api.Client(api.AdminToken);
        var created = await client.PostAsJsonAsync("/api/institutions", new { name = "天津医科大学总医院", kind = "hospital", city = "天津" });
        var body = await HttpAssert.Status(HttpStatusCode.Created, created);
        var id = body.GetProperty("id").GetString()!;

        HttpRequestMessage Put(string? etag) => new(HttpMethod.Put, $"/api/institutions/{id}")
        {
            Content = JsonContent.Create(new { name = "天津医科大学总医院", kind = "hospital", city = "天津市和平区" }),
            Headers = { { "If-Match", etag ?? "" } },
        };

        await HttpAssert.Problem(HttpStatusCode.PreconditionRequired, await client.SendAsync(Put(null)));
        await HttpAssert.Status(HttpStatusCode.OK, await client.SendAsync(Put("\"1\"")));
        await HttpAssert.Problem(HttpStatusCode.PreconditionFailed, await client.SendAsync(Put("\"1\"")));

        var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/institutions?q={Uri.EscapeDataString("医科大学")}&kind=hospital&pageSize=200"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("institutionId").GetString() == id && i.GetProperty("city").GetString() == "天津市和平区");
    }

    [Fact]
    public async Task OnlyStaffRegisterInstitutionsAndBadOnesAre400()
    {
        using var viewer = api.Client(await api.MintAsync(ApiRoles.Viewer));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await viewer.PostAsJsonAsync("/api/institutions", new { name = "x", kind = "university" }));
        using var client = api.Client(api.AdminToken);
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/institutions", new { name = "x", kind = "castle" }), "kind");
        await HttpAssert.NamesField(await client.PostAsJsonAsync("/api/institutions", new { kind = "university" }), "name");
        await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync("/api/institutions/INOPE"));
    }
}
