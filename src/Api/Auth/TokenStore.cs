using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace CellValley.Api.Auth;

/// <summary>A stored token, without its secret.</summary>
public sealed record ApiToken
{
    public Guid Id { get; init; }

    public string Role { get; init; } = "";

    public string? Scope { get; init; }

    public string Label { get; init; } = "";

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The person a staff or admin token stands for (null for integration roles).</summary>
    public string? PersonId { get; init; }

    public string? PersonName { get; init; }
}

/// <summary>A person who owns work, with whether any live token of theirs exists.</summary>
public sealed record Person
{
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string[] Roles { get; init; } = [];

    public bool Active { get; init; }
}

/// <summary>
/// Bearer tokens in PostgreSQL. The secret is shown once when minted; only its SHA-256 is kept.
/// </summary>
public sealed class TokenStore(NpgsqlDataSource dataSource)
{
    private const string Prefix = "cv_";

    /// <summary>
    /// Creates a token and returns it with its secret. A staff or admin token stands for a person: the one
    /// named (an existing person id, e.g. after revoking their old token), else a new person named by the label.
    /// </summary>
    public async Task<(ApiToken Token, string Secret)> MintAsync(
        string role, string? scope, string label, string createdBy, string? secret = null, string? personId = null)
    {
        secret ??= Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string? personName = null;
        if (ApiRoles.OwnsWork(role))
        {
            if (personId is null)
            {
                personId = "P" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
                await connection.ExecuteAsync("INSERT INTO cv_people (person_id, name) VALUES (@personId, @label)", new { personId, label }, transaction);
            }

            personName = await connection.ExecuteScalarAsync<string>("SELECT name FROM cv_people WHERE person_id = @personId", new { personId }, transaction);
        }

        var token = new ApiToken
        {
            Id = Guid.NewGuid(),
            Role = role,
            Scope = scope,
            Label = label,
            CreatedBy = createdBy,
            CreatedAt = DateTimeOffset.UtcNow,
            PersonId = ApiRoles.OwnsWork(role) ? personId : null,
            PersonName = personName,
        };
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_api_tokens (id, token_hash, role, scope, label, created_by, created_at, person_id)
            VALUES (@Id, @Hash, @Role, @Scope, @Label, @CreatedBy, @CreatedAt, @PersonId)
            """,
            new { token.Id, Hash = Hash(secret), token.Role, token.Scope, token.Label, token.CreatedBy, token.CreatedAt, token.PersonId }, transaction);
        await transaction.CommitAsync();
        return (token, secret);
    }

    /// <summary>A person by id, or null.</summary>
    public async Task<Person?> FindPersonAsync(string personId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Person>(PeopleSql + " WHERE p.person_id = @personId GROUP BY p.person_id, p.name", new { personId })).SingleOrDefault();
    }

    /// <summary>Everyone who owns work, those with a live token first, by name.</summary>
    public async Task<IReadOnlyList<Person>> PeopleAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Person>(PeopleSql + " GROUP BY p.person_id, p.name ORDER BY 4 DESC, p.name, p.person_id")).AsList();
    }

    // A person acts through tokens and console accounts alike: live ones give their roles.
    private const string PeopleSql = """
        SELECT p.person_id AS Id, p.name AS Name,
               coalesce(array_agg(DISTINCT c.role) FILTER (WHERE c.live), '{}') AS Roles,
               bool_or(c.live) IS TRUE AS Active
          FROM cv_people p
          LEFT JOIN (SELECT person_id, role, revoked_at IS NULL AS live FROM cv_api_tokens
                     UNION ALL
                     SELECT person_id, role, disabled_at IS NULL AS live FROM cv_accounts) c ON c.person_id = p.person_id
        """;

    /// <summary>Finds the live token with this secret, or null.</summary>
    public async Task<ApiToken?> FindAsync(string secret)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<ApiToken>(
            $"SELECT {Columns} FROM cv_api_tokens WHERE token_hash = @hash AND revoked_at IS NULL",
            new { hash = Hash(secret) });
    }

    /// <summary>The live token with this id, or null.</summary>
    public async Task<ApiToken?> FindByIdAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<ApiToken>(
            $"SELECT {Columns} FROM cv_api_tokens WHERE id = @id AND revoked_at IS NULL", new { id });
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<ApiToken>($"SELECT {Columns} FROM cv_api_tokens ORDER BY created_at");
        return rows.AsList();
    }

    /// <summary>Revokes a token; false when there is no live token with that id.</summary>
    public async Task<bool> RevokeAsync(Guid id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var changed = await connection.ExecuteAsync(
            "UPDATE cv_api_tokens SET revoked_at = now() WHERE id = @id AND revoked_at IS NULL", new { id });
        return changed > 0;
    }

    /// <summary>True when any live admin token exists.</summary>
    public async Task<bool> HasAdminAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM cv_api_tokens WHERE role = 'admin' AND revoked_at IS NULL)");
    }

    /// <summary>True when a live token with this secret exists.</summary>
    public async Task<bool> ExistsAsync(string secret) => await FindAsync(secret) is not null;

    internal static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private const string Columns =
        "id, role, scope, label, created_by AS CreatedBy, created_at AS CreatedAt, revoked_at AS RevokedAt, person_id AS PersonId, "
        + "(SELECT p.name FROM cv_people p WHERE p.person_id = cv_api_tokens.person_id) AS PersonName";

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
