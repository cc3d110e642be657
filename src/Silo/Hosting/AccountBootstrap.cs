using CellValley.Api.Auth;

namespace CellValley.Silo.Hosting;

/// <summary>
/// Makes sure a person can sign in to the console on first start: if no admin account exists, the account
/// "admin" is created with the password in CELLVALLEY_ADMIN_PASSWORD, or with a generated one that is
/// printed once, saved owner-only in the data folder, and must be changed at the first sign-in.
/// </summary>
public static class AccountBootstrap
{
    public const string EnvironmentVariable = "CELLVALLEY_ADMIN_PASSWORD";
    public const string FileName = "admin.password";
    public const string Username = "admin";

    public static async Task EnsureAsync(AccountStore accounts, string dataDirectory, Action<string> log)
    {
        if (await accounts.HasAdminAsync())
        {
            return;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            if (fromEnvironment.Length < PasswordRules.MinLength || !fromEnvironment.Any(char.IsLetter) || !fromEnvironment.Any(char.IsDigit))
            {
                throw new StartupException($"{EnvironmentVariable} must be at least {PasswordRules.MinLength} characters with letters and digits.");
            }

            await accounts.CreateAsync(Username, "系统管理员", ApiRoles.Admin, null, fromEnvironment, mustChange: false, "system");
            log($"Admin account \"{Username}\" created with the password from {EnvironmentVariable}.");
            return;
        }

        var password = AccountStore.TemporaryPassword();
        await accounts.CreateAsync(Username, "系统管理员", ApiRoles.Admin, null, password, mustChange: true, "system");
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        await EmbeddedPostgres.WriteSecretAsync(path, password + "\n");
        log($"First start: created the console's admin account (shown once; also saved, owner-only, in {path}; change it at the first sign-in):");
        log($"    user: {Username}    password: {password}");
    }
}
