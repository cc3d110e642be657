using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace CellValley.Silo.Hosting;

/// <summary>
/// A private PostgreSQL server run from the machine's own binaries, with its data in a folder of
/// the project. Created on first use (initdb with a generated password), started on every run,
/// stopped on dispose. As root it runs as the 'postgres' system user, since initdb refuses root.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string Database = "cellvalley";
    public const string User = "cellvalley";
    private readonly string _binDirectory;
    private readonly string _clusterDirectory;
    private readonly string? _runAs;
    private readonly Action<string> _log;

    private EmbeddedPostgres(string binDirectory, string clusterDirectory, string? runAs, int port, string password, Action<string> log)
    {
        _binDirectory = binDirectory;
        _clusterDirectory = clusterDirectory;
        _runAs = runAs;
        _log = log;
        Port = port;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = User,
            Password = password,
            Database = Database,
        }.ConnectionString;
    }

    public int Port { get; }

    public string ConnectionString { get; }

    /// <summary>True when the server was already running (another process of this project started it).</summary>
    public bool WasRunning { get; private set; }

    /// <summary>Initialises the cluster if needed, starts it and makes sure the database exists.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string dataDirectory, int port, string? binDirectory, Action<string> log)
    {
        var bin = FindBinDirectory(binDirectory) ?? throw new StartupException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found: install them (Debian: apt-get install postgresql), "
            + "set CellValley__Postgres__BinDirectory, or set CellValley__ConnectionString to use an existing server.");
        var runAs = Environment.UserName == "root" || IsRoot() ? "postgres" : null;
        if (runAs is not null && !await UserExistsAsync(runAs))
        {
            throw new StartupException(
                "Running as root, the embedded PostgreSQL needs the 'postgres' system user (created by apt-get install postgresql); "
                + "run as a normal user or set CellValley__ConnectionString.");
        }

        Directory.CreateDirectory(dataDirectory);
        var cluster = Path.Combine(dataDirectory, "pg");
        var passwordFile = Path.Combine(dataDirectory, "pg.password");
        var initialised = File.Exists(Path.Combine(cluster, "PG_VERSION"));
        if (initialised && !File.Exists(passwordFile))
        {
            throw new StartupException($"The embedded PostgreSQL in {cluster} has no password file {passwordFile}; delete {cluster} to start afresh.");
        }

        var password = initialised ? (await File.ReadAllTextAsync(passwordFile)).Trim() : NewPassword();
        var server = new EmbeddedPostgres(bin, cluster, runAs, port, password, log);
        if (!initialised)
        {
            await server.InitialiseAsync(dataDirectory, passwordFile, password);
        }

        await server.StartServerAsync();
        await server.EnsureDatabaseAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Stops the server (fast shutdown: open transactions roll back, committed data is kept).</summary>
    public async Task StopAsync()
    {
        _log("Stopping the embedded PostgreSQL …");
        await RunAsync(Tool("pg_ctl"), ["-D", _clusterDirectory, "-m", "fast", "-w", "stop"], allowFailure: true);
    }

    private async Task InitialiseAsync(string dataDirectory, string passwordFile, string password)
    {
        _log($"Creating the embedded PostgreSQL cluster in {_clusterDirectory} …");
        await WriteOwnerOnlyAsync(passwordFile, password);
        Directory.CreateDirectory(_clusterDirectory);

        // initdb reads the superuser password from a file the server's user can read; it is deleted at once.
        var pwfile = Path.Combine(Path.GetTempPath(), $"cellvalley-pw-{Guid.NewGuid():N}");
        await WriteOwnerOnlyAsync(pwfile, password);
        try
        {
            if (_runAs is not null)
            {
                // The server's user must reach the cluster folder; the data folder itself stays unlistable.
                File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                await RunAsync("chown", ["-R", _runAs, _clusterDirectory, pwfile]);
                var reach = await RunAsync("runuser", ["-u", _runAs, "--", "test", "-w", _clusterDirectory], allowFailure: true);
                if (reach.ExitCode != 0)
                {
                    throw new StartupException(
                        $"The '{_runAs}' user cannot reach {_clusterDirectory} (a parent folder is private); "
                        + "set CellValley__DataDirectory to a folder it can reach, e.g. /var/tmp/cellvalley.");
                }
            }

            await RunAsync(Tool("initdb"), ["-D", _clusterDirectory, "-U", User, "--pwfile", pwfile,
                "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"]);
        }
        finally
        {
            File.Delete(pwfile);
        }

        // Loopback only, no Unix socket (its default folder may not exist or be writable).
        await File.AppendAllTextAsync(Path.Combine(_clusterDirectory, "postgresql.conf"),
            "\n# CellValley embedded server\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 200\n"
            + "shared_buffers = 512MB\nwork_mem = 16MB\n"
            // Group commit: a commit waits up to 0.5 ms for others when five or more are in flight, so that one WAL flush serves them all.
            + "commit_delay = 500\ncommit_siblings = 5\n");
    }

    private async Task StartServerAsync()
    {
        var status = await RunAsync(Tool("pg_ctl"), ["-D", _clusterDirectory, "status"], allowFailure: true);
        if (status.ExitCode == 0)
        {
            var pidFile = await File.ReadAllLinesAsync(Path.Combine(_clusterDirectory, "postmaster.pid"));
            if (pidFile.Length > 3 && pidFile[3].Trim() == Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                if (!await AnswersAsync())
                {
                    // The pid file is left over from a server that died, and its pid now belongs to
                    // another process: pg_ctl takes it for a running server, PostgreSQL refuses to start.
                    var pidPath = Path.Combine(_clusterDirectory, "postmaster.pid");
                    throw new StartupException(
                        $"{pidPath} names process {pidFile[0].Trim()}, which is running but is not a PostgreSQL answering on port {Port}: "
                        + $"if no PostgreSQL uses {_clusterDirectory}, delete {pidPath} and start again.");
                }

                _log($"The embedded PostgreSQL is already running on port {Port}; reusing it.");
                WasRunning = true;
                return;
            }

            await RunAsync(Tool("pg_ctl"), ["-D", _clusterDirectory, "-m", "fast", "-w", "stop"]);
        }

        if (!Ports.IsFree(Port))
        {
            throw new StartupException(
                $"Port {Port} for the embedded PostgreSQL is in use: stop what uses it, set CellValley__Postgres__Port to a free port, "
                + "or set CellValley__ConnectionString to use that server.");
        }

        _log($"Starting the embedded PostgreSQL on 127.0.0.1:{Port} …");
        // setsid keeps the server out of the terminal's process group, so Ctrl-C reaches only this
        // process, which then shuts the silo down before stopping the server.
        var result = await RunAsync("setsid", ["-w", Tool("pg_ctl"), "-D", _clusterDirectory, "-l",
            Path.Combine(_clusterDirectory, "server.log"), "-w", "-t", "60", "-o", $"-p {Port}", "start"], allowFailure: true);
        if (result.ExitCode != 0)
        {
            var logTail = TailOf(Path.Combine(_clusterDirectory, "server.log"));
            throw new StartupException($"The embedded PostgreSQL did not start: {result.Output.Trim()} {logTail}".Trim());
        }
    }

    /// <summary>Whether the postmaster named by the pid file is alive (a cheap check, no connection).</summary>
    public bool IsRunning()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(_clusterDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, out var pid) && Directory.Exists($"/proc/{pid}");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            // The file exists but belongs to the server's user: let pg_ctl decide.
            return true;
        }
    }

    /// <summary>Starts the server again after it died; throws <see cref="StartupException"/> while it cannot start yet.</summary>
    public Task RestartAsync() => StartServerAsync();

    /// <summary>Whether the server accepts a connection on its port.</summary>
    private async Task<bool> AnswersAsync()
    {
        var probe = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false, Timeout = 3 };
        try
        {
            await using var connection = new NpgsqlConnection(probe.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private async Task EnsureDatabaseAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", Database);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database} ENCODING 'UTF8'", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    private string Tool(string name) => Path.Combine(_binDirectory, name);

    private Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> args, bool allowFailure = false)
    {
        if (_runAs is not null && file != "chown" && file != "runuser")
        {
            return Run("runuser", ["-u", _runAs, "--", file, .. args], allowFailure);
        }

        return Run(file, args, allowFailure);
    }

    private static async Task<(int ExitCode, string Output)> Run(string file, IReadOnlyList<string> args, bool allowFailure)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new StartupException($"Could not run {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = (await stdout) + (await stderr);
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new StartupException($"{Path.GetFileName(file)} failed (exit {process.ExitCode}): {output.Trim().ReplaceLineEndings(" ")}");
        }

        return (process.ExitCode, output);
    }

    private static string? FindBinDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(Path.Combine(configured, "pg_ctl")) ? configured : null;
        }

        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        candidates.AddRange(["/usr/pgsql/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")) && File.Exists(Path.Combine(d, "initdb")));
    }

    private static bool IsRoot() => Environment.GetEnvironmentVariable("USER") == "root" || Environment.UserName == "root";

    private static async Task<bool> UserExistsAsync(string user) => (await Run("id", ["-u", user], allowFailure: true)).ExitCode == 0;

    private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    private static async Task WriteOwnerOnlyAsync(string path, string content)
    {
        await using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string TailOf(string path)
    {
        try
        {
            return string.Join(" | ", File.ReadLines(path).TakeLast(3));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Ensures a password/token file is readable only by its owner.</summary>
    public static Task WriteSecretAsync(string path, string content) => WriteOwnerOnlyAsync(path, content);
}
