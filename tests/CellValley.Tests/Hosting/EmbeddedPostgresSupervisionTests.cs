using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CellValley.Silo.Hosting;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Hosting;

/// <summary>The embedded PostgreSQL is looked after: killed, it comes back by itself; a stale pid file is a one-line message.</summary>
public sealed class EmbeddedPostgresSupervisionTests
{
    [Fact]
    public async Task AKilledEmbeddedPostgresIsRestartedAndTheServiceRecoversWithoutHelp()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "cv-supervised-" + Guid.NewGuid().ToString("N")[..8]);
        var pgPort = Ports.FindFree();
        var token = "cv_supervised_" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string?>
        {
            ["CellValley__DataDirectory"] = dataDirectory,
            ["CellValley__Postgres__Port"] = pgPort.ToString(),
            ["CellValley__SiloPort"] = Ports.FindFree().ToString(),
            ["CellValley__ClusterId"] = "supervised-" + Guid.NewGuid().ToString("N")[..8],
            ["CELLVALLEY_ADMIN_TOKEN"] = token,
        };
        var pidFile = Path.Combine(dataDirectory, "pg", "postmaster.pid");
        var code = Codes.NewCode();
        try
        {
            var httpPort = Ports.FindFree();
            await using (var silo = SiloProcess.Start(httpPort, environment))
            {
                await silo.WaitReadyAsync(TimeSpan.FromSeconds(120));
                using var client = silo.Client(token);
                await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises",
                    new { creditCode = code, name = "守护生物有限公司", segments = new[] { "抗体" } }));

                var postmaster = int.Parse(File.ReadLines(pidFile).First());
                Process.GetProcessById(postmaster).Kill();
                var killedAt = Stopwatch.StartNew();

                // Recovered means a write is durable again (a read may come from a grain's memory while the
                // database is still down). Until then a write answers 503 and changes nothing, so it can be retried.
                var recovered = Codes.NewCode();
                await WaitUntilAsync(async () => (await client.PostAsJsonAsync("/api/enterprises",
                    new { creditCode = recovered, name = "恢复生物有限公司", segments = new[] { "抗体" } })).StatusCode == HttpStatusCode.Created, TimeSpan.FromSeconds(45));
                Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(45), $"recovered after {killedAt.Elapsed}");
                Assert.NotEqual(postmaster, int.Parse(File.ReadLines(pidFile).First()));
                await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/enterprises/{code}"));
                await silo.WaitReadyAsync(TimeSpan.FromSeconds(60));

                await silo.StopAsync();
                Assert.Equal(0, silo.ExitCode);
            }

            // A pid file left behind whose pid now belongs to some other live process of the server's user.
            using var squatter = StartAsServerUser("sleep", "300");
            var lines = new[] { squatter.Id.ToString(), Path.Combine(dataDirectory, "pg"), "1700000000", pgPort.ToString(), "", "127.0.0.1", "0 0", "ready   " };
            await File.WriteAllLinesAsync(pidFile, lines);
            await using (var silo = SiloProcess.Start(httpPort, environment))
            {
                Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                var line = Assert.Single(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Contains("postmaster.pid", line, StringComparison.Ordinal);
                Assert.Contains("delete", line, StringComparison.Ordinal);
            }

            squatter.Kill();
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Process StartAsServerUser(string file, params string[] args)
    {
        var root = Environment.UserName == "root";
        var info = new ProcessStartInfo(root ? "runuser" : file) { UseShellExecute = false };
        if (root)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        if (!root)
        {
            return process;
        }

        // runuser stays the parent; the pid that counts is its child's, owned by postgres.
        Thread.Sleep(300);
        var child = File.ReadAllText($"/proc/{process.Id}/task/{process.Id}/children").Trim().Split(' ')[0];
        return Process.GetProcessById(int.Parse(child));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(250);
        }
    }
}
