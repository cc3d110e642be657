using System.Security.Claims;

namespace CellValley.Api.Auth;

/// <summary>
/// Whether an authenticated caller's credential still stands, asked of the database directly (not
/// the authentication cache): long-lived requests such as the change feed ask it while they run,
/// so that revoking a token ends them too.
/// </summary>
public sealed class CredentialCheck(TokenStore tokens)
{
    /// <summary>How often a long-lived request re-checks its caller.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    public async Task<bool> StillValidAsync(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ApiRoles.TokenIdClaim);
        return Guid.TryParse(id, out var tokenId) && await tokens.FindByIdAsync(tokenId) is not null;
    }
}
