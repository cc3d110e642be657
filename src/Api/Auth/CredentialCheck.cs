using System.Security.Claims;
using Npgsql;

namespace CellValley.Api.Auth;

/// <summary>
/// Whether an authenticated caller's credential still stands, asked of the database directly (not
/// the authentication cache): long-lived requests such as the change feed ask it while they run,
/// so that revoking a token ends them too.
/// </summary>
public sealed class CredentialCheck(TokenStore tokens, AccountStore accounts)
{
    /// <summary>How often a long-lived request re-checks its caller.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    /// <summary>
    /// False once the token is revoked. While the database cannot be asked, the answer is true: an
    /// outage must not cut every open stream, and the next check asks again.
    /// </summary>
    public async Task<bool> StillValidAsync(ClaimsPrincipal user)
    {
        try
        {
            if (user.AccountId() is { } accountId)
            {
                return await accounts.FindAsync(accountId) is { DisabledAt: null } account
                    && account.SecurityStamp == user.FindFirstValue(Sessions.StampClaim);
            }

            return Guid.TryParse(user.FindFirstValue(ApiRoles.TokenIdClaim), out var tokenId) && await tokens.FindByIdAsync(tokenId) is not null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return true;
        }
    }
}
