using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace CellValley.Api.Auth;

/// <summary>A person's account, without its password hash.</summary>
public sealed record Account
{
    public string Id { get; init; } = "";

    public string Username { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string Role { get; init; } = "";

    public string? Scope { get; init; }

    public string? PersonId { get; init; }

    public bool MustChangePassword { get; init; }

    public int FailedAttempts { get; init; }

    public DateTimeOffset? LockedUntil { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    public string SecurityStamp { get; init; } = "";

    public string CreatedBy { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastSignInAt { get; init; }
}

/// <summary>How a sign-in attempt ended.</summary>
public enum SignInResult
{
    Ok,

    /// <summary>Unknown username or wrong password (the answer does not say which).</summary>
    Wrong,

    /// <summary>Too many wrong passwords in a row: locked until <see cref="Account.LockedUntil"/>.</summary>
    Locked,

    Disabled,
}

/// <summary>
/// Accounts in PostgreSQL. Passwords are hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2 with a salt per password); <see cref="MaxFailures"/> wrong passwords in a row lock the
/// account for <see cref="LockFor"/>.
/// </summary>
public sealed class AccountStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    private static readonly PasswordHasher<Account> Hasher = new();

    private const string Columns = """
        account_id AS Id, username, display_name AS DisplayName, role, scope, person_id AS PersonId,
        must_change_password AS MustChangePassword, failed_attempts AS FailedAttempts, locked_until AS LockedUntil,
        disabled_at AS DisabledAt, security_stamp AS SecurityStamp, created_by AS CreatedBy, created_at AS CreatedAt,
        last_sign_in_at AS LastSignInAt
        """;

    /// <summary>
    /// Creates an account. Staff and admin accounts stand for a person: the one named (e.g. someone who used
    /// tokens so far), else a new person with the display name. False when the username is taken.
    /// </summary>
    public async Task<Account?> CreateAsync(
        string username, string displayName, string role, string? scope, string password, bool mustChange, string createdBy, string? personId = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (ApiRoles.OwnsWork(role) && personId is null)
        {
            personId = "P" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
            await connection.ExecuteAsync("INSERT INTO cv_people (person_id, name) VALUES (@personId, @displayName)", new { personId, displayName }, transaction);
        }

        var id = "A" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
        var inserted = await connection.ExecuteAsync(
            """
            INSERT INTO cv_accounts (account_id, username, display_name, role, scope, person_id, password_hash, must_change_password,
                                     security_stamp, created_by, created_at, password_changed_at)
            VALUES (@id, @username, @displayName, @role, @scope, @personId, @hash, @mustChange, @stamp, @createdBy, @now, @now)
            ON CONFLICT (username) DO NOTHING
            """,
            new
            {
                id, username, displayName, role, scope, personId = ApiRoles.OwnsWork(role) ? personId : null,
                hash = Hasher.HashPassword(new Account(), password), mustChange, stamp = NewStamp(), createdBy, now = clock.GetUtcNow(),
            },
            transaction);
        if (inserted == 0)
        {
            return null;
        }

        await transaction.CommitAsync();
        return await FindAsync(id);
    }

    public async Task<Account?> FindAsync(string id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<Account>($"SELECT {Columns} FROM cv_accounts WHERE account_id = @id", new { id });
    }

    public async Task<IReadOnlyList<Account>> ListAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<Account>($"SELECT {Columns} FROM cv_accounts ORDER BY disabled_at IS NOT NULL, role, username")).AsList();
    }

    public async Task<bool> HasAdminAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM cv_accounts WHERE role = 'admin' AND disabled_at IS NULL)");
    }

    /// <summary>
    /// Checks a username and password. A wrong password counts towards the lock; a right one while locked or
    /// disabled still does not sign in; a right one otherwise clears the count. The hash is upgraded if the
    /// hasher asks for it.
    /// </summary>
    public async Task<(SignInResult Result, Account? Account)> SignInAsync(string username, string password)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(string Id, string Hash)?>(
            "SELECT account_id, password_hash FROM cv_accounts WHERE username = @username", new { username = NormalizeUsername(username) });
        if (row is not { } found)
        {
            // Spend the same time as a real check, so that timing does not tell which usernames exist.
            Hasher.VerifyHashedPassword(new Account(), DummyHash, password);
            return (SignInResult.Wrong, null);
        }

        var account = (await FindAsync(found.Id))!;
        var now = clock.GetUtcNow();
        if (account.DisabledAt is not null)
        {
            return (SignInResult.Disabled, account);
        }

        if (account.LockedUntil is { } until && until > now)
        {
            return (SignInResult.Locked, account);
        }

        var verdict = Hasher.VerifyHashedPassword(account, found.Hash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failures = await connection.QuerySingleAsync<(int Failed, DateTimeOffset? Until)>(
                """
                UPDATE cv_accounts
                   SET failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_attempts + 1 END,
                       locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_attempts + 1 END) >= @max
                                           THEN @lockUntil ELSE NULL END
                 WHERE account_id = @id
                RETURNING failed_attempts, locked_until
                """,
                new { id = account.Id, now, max = MaxFailures, lockUntil = now + LockFor });
            return failures.Until is not null ? (SignInResult.Locked, account with { LockedUntil = failures.Until }) : (SignInResult.Wrong, null);
        }

        await connection.ExecuteAsync(
            """
            UPDATE cv_accounts SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = @now,
                   password_hash = CASE WHEN @rehash THEN @hash ELSE password_hash END
             WHERE account_id = @id
            """,
            new
            {
                id = account.Id, now, rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded,
                hash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(account, password) : "",
            });
        return (SignInResult.Ok, (await FindAsync(account.Id))!);
    }

    /// <summary>Whether the password is the account's own (for a change of password).</summary>
    public async Task<bool> VerifyAsync(string id, string password)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var hash = await connection.ExecuteScalarAsync<string?>("SELECT password_hash FROM cv_accounts WHERE account_id = @id", new { id });
        return hash is not null && Hasher.VerifyHashedPassword(new Account(), hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>
    /// Sets a new password (mustChange: a temporary one from an admin, to be changed at the next sign-in);
    /// every session signed in before ends, and a lock is lifted.
    /// </summary>
    public async Task<Account?> SetPasswordAsync(string id, string password, bool mustChange)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var changed = await connection.ExecuteAsync(
            """
            UPDATE cv_accounts SET password_hash = @hash, must_change_password = @mustChange, security_stamp = @stamp,
                   failed_attempts = 0, locked_until = NULL, password_changed_at = @now
             WHERE account_id = @id
            """,
            new { id, hash = Hasher.HashPassword(new Account(), password), mustChange, stamp = NewStamp(), now = clock.GetUtcNow() });
        return changed == 0 ? null : await FindAsync(id);
    }

    /// <summary>Disables (ending every session) or enables an account; null when there is no such account.</summary>
    public async Task<Account?> SetDisabledAsync(string id, bool disabled)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var changed = await connection.ExecuteAsync(
            disabled
                ? "UPDATE cv_accounts SET disabled_at = coalesce(disabled_at, @now), security_stamp = @stamp WHERE account_id = @id"
                : "UPDATE cv_accounts SET disabled_at = NULL, failed_attempts = 0, locked_until = NULL WHERE account_id = @id",
            new { id, now = clock.GetUtcNow(), stamp = NewStamp() });
        return changed == 0 ? null : await FindAsync(id);
    }

    /// <summary>Usernames are compared without case and surrounding spaces.</summary>
    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();

    /// <summary>A password for an admin to hand over (12 characters, letters and digits, no look-alikes).</summary>
    public static string TemporaryPassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ";
        const string digits = "23456789";
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            var pool = i % 4 == 3 ? digits : letters;
            chars[i] = pool[RandomNumberGenerator.GetInt32(pool.Length)];
        }

        return new string(chars);
    }

    private static readonly string DummyHash = Hasher.HashPassword(new Account(), "not-a-password");

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
