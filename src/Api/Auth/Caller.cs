using System.Security.Claims;
using CellValley.Grains.Common;

namespace CellValley.Api.Auth;

/// <summary>What the authenticated caller may do, in the domain's terms.</summary>
public static class Caller
{
    public static string Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role) ?? "";

    public static string? Scope(this ClaimsPrincipal user) => user.FindFirstValue(ApiRoles.ScopeClaim);

    /// <summary>The actor recorded on events: the token's label and role.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "unknown", user.Role());

    /// <summary>Admins and staff edit any enterprise; an enterprise token edits only its own.</summary>
    public static bool CanEditEnterprise(this ClaimsPrincipal user, string creditCode) => user.Role() switch
    {
        ApiRoles.Admin or ApiRoles.Staff => true,
        ApiRoles.Enterprise => string.Equals(user.Scope(), creditCode, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Official decisions (tier recognitions, grants) are recorded by admins and staff only.</summary>
    public static bool CanRecordTier(this ClaimsPrincipal user) => user.IsStaff();

    /// <summary>Admins and staff manage any park; a park operator manages its own.</summary>
    public static bool CanManagePark(this ClaimsPrincipal user, string parkId) => user.Role() switch
    {
        ApiRoles.Admin or ApiRoles.Staff => true,
        ApiRoles.ParkOperator => string.Equals(user.Scope(), parkId, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>Lease details of a park: admins, staff, viewers, and that park's operator.</summary>
    public static bool CanSeeLeases(this ClaimsPrincipal user, string parkId) =>
        user.Role() is ApiRoles.Admin or ApiRoles.Staff or ApiRoles.Viewer || user.CanManagePark(parkId);

    /// <summary>The lead pipeline: admins, staff and viewers (never enterprises or park operators).</summary>
    public static bool CanSeeLeads(this ClaimsPrincipal user) => user.Role() is ApiRoles.Admin or ApiRoles.Staff or ApiRoles.Viewer;

    /// <summary>The action plans: admins, staff, viewers and the responsible departments (who report on their own items).</summary>
    public static bool CanReadPlans(this ClaimsPrincipal user) => user.Role() is ApiRoles.Admin or ApiRoles.Staff or ApiRoles.Viewer or ApiRoles.Department;

    /// <summary>The department a department account is bound to; null for other roles.</summary>
    public static string? DepartmentOf(this ClaimsPrincipal user) => user.Role() == ApiRoles.Department ? user.Scope() : null;

    public static bool IsParkOperator(this ClaimsPrincipal user) => user.Role() == ApiRoles.ParkOperator;

    /// <summary>Admins and investment-promotion staff.</summary>
    public static bool IsStaff(this ClaimsPrincipal user) => user.Role() is ApiRoles.Admin or ApiRoles.Staff;
}
