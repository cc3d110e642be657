using CellValley.Api.Auth;
using Npgsql;

namespace CellValley.Silo.Hosting;

/// <summary>
/// "token create --role R [--scope S] --label L": mints a token from the command line, against
/// the same database the service uses (and the same settings).
/// </summary>
public static class TokenCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "create")
        {
            await Console.Error.WriteLineAsync("usage: token create --role admin|staff|enterprise|park-operator|viewer [--scope CODE-OR-PARK] --label TEXT");
            return 2;
        }

        string? role = null, scope = null, label = null;
        for (var i = 1; i < args.Length - 1; i += 2)
        {
            switch (args[i])
            {
                case "--role": role = args[i + 1]; break;
                case "--scope": scope = args[i + 1]; break;
                case "--label": label = args[i + 1]; break;
                default:
                    await Console.Error.WriteLineAsync($"token create: unknown option {args[i]}");
                    return 2;
            }
        }

        var request = new MintTokenRequest(role, scope, label);
        var errors = TokensApi.Validate(request);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"token create: --{error.Field} {error.Rule}");
            }

            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = CellValleyHost.ReadOptions(configuration);
        var dataDirectory = DataDirectory.Resolve(options.DataDirectory);
        await using var database = await CellValleyProgram.OpenDatabaseAsync(options, dataDirectory, stopWhenDone: false);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var normalizedScope = role == ApiRoles.Enterprise ? Grains.Common.CreditCode.Normalize(scope!) : scope;
        var (token, secret) = await new TokenStore(dataSource).MintAsync(role!, normalizedScope, label!.Trim(), "command line");
        Console.WriteLine($"Token {token.Id} ({token.Role}{(token.Scope is null ? "" : " " + token.Scope)}, \"{token.Label}\"):");
        Console.WriteLine(secret);
        return 0;
    }
}
