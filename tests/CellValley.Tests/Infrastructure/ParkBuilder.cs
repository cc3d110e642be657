using System.Net;
using System.Net.Http.Json;

namespace CellValley.Tests.Infrastructure;

/// <summary>Creates a fresh park with one building and the given units, through the API.</summary>
public static class ParkBuilder
{
    public static async Task<string> CreateAsync(HttpClient client, params (string Unit, decimal Area, string AvailableSince)[] units)
    {
        var id = "park-" + Guid.NewGuid().ToString("N")[..10];
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/parks",
            new { id, name = "生物医药创新中心 " + id[^4..], zone = "经开区", occupancyTarget = 0.8 }));
        await HttpAssert.Status(HttpStatusCode.OK, await client.PostAsJsonAsync($"/api/parks/{id}/buildings", new { id = "A", name = "A座", floors = 6 }));
        foreach (var (unit, area, since) in units)
        {
            await HttpAssert.Status(HttpStatusCode.OK, await client.PutAsJsonAsync($"/api/parks/{id}/units/{unit}",
                new { buildingId = "A", floor = 3, areaSqm = area, availableSince = since, fitOut = new { gmpGrade = "B", labDrains = true, exhaust = true } }));
        }

        return id;
    }

    public static async Task<string> EnterpriseAsync(HttpClient client, string name = "租户生物有限公司")
    {
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
            new { creditCode = code, name, segments = new[] { "细胞治疗" } }));
        return code;
    }

    public static Task<HttpResponseMessage> LeaseAsync(HttpClient client, string park, string tenant, string unit, decimal area, string start, string end) =>
        client.PostAsJsonAsync($"/api/parks/{park}/leases", new { tenantCode = tenant, unitId = unit, areaSqm = area, start, end });
}
