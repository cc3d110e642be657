using CellValley.Api.Auth;

namespace CellValley.Silo.Hosting;

/// <summary>
/// Makes sure an admin can get in on first start: if no admin token exists, one is created from
/// CELLVALLEY_ADMIN_TOKEN, or generated, printed once and saved owner-only in the data folder.
/// </summary>
public static class AdminBootstrap
{
    public const string EnvironmentVariable = "CELLVALLEY_ADMIN_TOKEN";
    public const string FileName = "admin.token";

    public static async Task EnsureAsync(TokenStore tokens, string dataDirectory, Action<string> log)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (fromEnvironment.Trim().Length < 16)
            {
                throw new StartupException($"{EnvironmentVariable} must be at least 16 characters long.");
            }

            if (!await tokens.ExistsAsync(fromEnvironment.Trim()))
            {
                await tokens.MintAsync(ApiRoles.Admin, null, "bootstrap admin (from environment)", "system", fromEnvironment.Trim());
                log($"Admin token from {EnvironmentVariable} registered.");
            }

            return;
        }

        if (await tokens.HasAdminAsync())
        {
            return;
        }

        var (_, secret) = await tokens.MintAsync(ApiRoles.Admin, null, "bootstrap admin", "system");
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        await EmbeddedPostgres.WriteSecretAsync(path, secret + "\n");
        log($"First start: created an admin token (shown once; also saved, owner-only, in {path}):");
        log($"    {secret}");
    }
}
