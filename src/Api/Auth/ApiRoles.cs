namespace CellValley.Api.Auth;

/// <summary>The roles a bearer token can carry.</summary>
public static class ApiRoles
{
    public const string Admin = "admin";

    /// <summary>Investment-promotion staff (招商).</summary>
    public const string Staff = "staff";

    /// <summary>An enterprise, bound to its own credit code.</summary>
    public const string Enterprise = "enterprise";

    /// <summary>A park operator, bound to one park.</summary>
    public const string ParkOperator = "park-operator";

    public const string Viewer = "viewer";

    /// <summary>A department responsible for action-plan items (区科技局 …), bound to its department code: reads the plans, reports on its items.</summary>
    public const string Department = "department";

    public static readonly IReadOnlyList<string> All = [Admin, Staff, Enterprise, ParkOperator, Viewer, Department];

    /// <summary>Roles whose tokens are bound to one entity (their scope).</summary>
    public static bool IsScoped(string role) => role is Enterprise or ParkOperator or Department;

    /// <summary>Name of the authorization policy that admits only admins.</summary>
    public const string AdminPolicy = "admin-only";

    /// <summary>Claim type holding a scoped token's entity (credit code or park id).</summary>
    public const string ScopeClaim = "cv:scope";

    public const string TokenIdClaim = "cv:token-id";

    /// <summary>Claims naming the person a staff or admin token stands for.</summary>
    public const string PersonIdClaim = "cv:person-id";

    public const string PersonNameClaim = "cv:person-name";

    /// <summary>Roles whose tokens stand for a person who owns work (leads).</summary>
    public static bool OwnsWork(string role) => role is Admin or Staff;
}
