using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CellValley.Silo.Hosting;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Hosting;

/// <summary>The run command as a newcomer uses it: embedded PostgreSQL, reuse of data, clear one-line errors.</summary>
public sealed class StartupTests
{
    private static Dictionary<string, string?> Quiet(string dataDirectory) => new()
    {
        ["CellValley__DataDirectory"] = dataDirectory,
        ["CellValley__SiloPort"] = Ports.FindFree().ToString(),
        ["CellValley__ClusterId"] = "startup-" + Guid.NewGuid().ToString("N")[..8],
    };

    [Fact]
    public async Task WithoutAConnectionStringTheServiceRunsItsOwnPostgresAndReusesItsData()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cv-embedded-" + Guid.NewGuid().ToString("N")[..8]);
        var pgPort = Ports.FindFree();
        var environment = Quiet(dataDirectory);
        environment["CellValley__Postgres__Port"] = pgPort.ToString();
        var code = Codes.NewCode();
        try
        {
            string token;
            await using (var first = SiloProcess.Start(Ports.FindFree(), environment))
            {
                await first.WaitReadyAsync(TimeSpan.FromSeconds(120));
                var tokenFile = Path.Combine(dataDirectory, AdminBootstrap.FileName);
                Assert.True(File.Exists(tokenFile), first.Output);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
                token = File.ReadAllText(tokenFile).Trim();
                Assert.Contains(token, first.Output);
                Assert.Contains("Swagger UI:", first.Output);

                using var client = first.Client(token);
                var created = await client.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name = "嵌入式生物有限公司", segments = new[] { "体外诊断" } });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);

                await first.StopAsync();
                Assert.Equal(0, first.ExitCode);
                Assert.True(Ports.IsFree(pgPort), "the embedded PostgreSQL should stop with the service");
            }

            await using (var second = SiloProcess.Start(Ports.FindFree(), environment))
            {
                await second.WaitReadyAsync(TimeSpan.FromSeconds(120));
                Assert.DoesNotContain("First start", second.Output);
                using var client = second.Client(token);
                var read = await client.GetAsync($"/api/enterprises/{code}");
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                await second.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task ABusyHttpPortIsAOneLineErrorSayingWhatToDo()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var environment = Quiet(Path.Combine(Path.GetTempPath(), "cv-unused"));
        environment["CellValley__ConnectionString"] = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z";

        await using var silo = SiloProcess.Start(port, environment);

        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Port {port} is busy", line);
        Assert.Contains("ASPNETCORE_URLS", line);
    }

    [Fact]
    public async Task MissingPostgresBinariesAreAOneLineErrorSayingWhatToDo()
    {
        var environment = Quiet(Path.Combine(Path.GetTempPath(), "cv-nobin-" + Guid.NewGuid().ToString("N")[..8]));
        environment["CellValley__Postgres__BinDirectory"] = "/nonexistent/postgresql/bin";

        await using var silo = SiloProcess.Start(Ports.FindFree(), environment);

        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("binaries", line);
        Assert.Contains("apt-get install postgresql", line);
    }

    [Fact]
    public async Task InvalidConfigurationStopsStartUpNamingTheSetting()
    {
        var environment = Quiet(Path.Combine(Path.GetTempPath(), "cv-badcfg"));
        environment["CellValley__MaxPoolSize"] = "1";

        await using var silo = SiloProcess.Start(Ports.FindFree(), environment);

        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("MaxPoolSize must be between 5 and 500", silo.Output);
    }

    [Fact]
    public async Task AnUnreachableExternalDatabaseIsAOneLineError()
    {
        var environment = Quiet(Path.Combine(Path.GetTempPath(), "cv-nodb"));
        environment["CellValley__ConnectionString"] = $"Host=127.0.0.1;Port={Ports.FindFree()};Username=x;Password=y;Database=z";

        await using var silo = SiloProcess.Start(Ports.FindFree(), environment);

        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var line = Assert.Single(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Cannot use PostgreSQL", line);
    }
}
