using System.Net;
using CellValley.Silo.Hosting;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class TokenCommandTests(ApiFixture api)
{
    [Fact]
    public async Task TheTokenCommandMintsATokenTheServiceAccepts()
    {
        var environment = new Dictionary<string, string?> { ["CellValley__ConnectionString"] = api.Database.ConnectionString };
        await using var command = SiloProcess.Start(Ports.FindFree(), environment, "token", "create", "--role", "staff", "--label", "招商 王五");

        Assert.Equal(0, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var secret = command.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.StartsWith("cv_", secret);

        using var client = api.Client(secret);
        await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/enterprises"));
    }

    [Fact]
    public async Task TheTokenCommandRefusesAScopedRoleWithoutScope()
    {
        var environment = new Dictionary<string, string?> { ["CellValley__ConnectionString"] = api.Database.ConnectionString };
        await using var command = SiloProcess.Start(Ports.FindFree(), environment, "token", "create", "--role", "enterprise", "--label", "x");

        Assert.Equal(2, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("--scope is required", command.Output);
    }
}
