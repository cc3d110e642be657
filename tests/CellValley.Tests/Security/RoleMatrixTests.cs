using System.Net;
using System.Text;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Security;

/// <summary>
/// Every route of the OpenAPI document × every kind of caller, against the documented rules (the
/// README's roles table): a caller outside a route's rule gets 403; one inside never gets 401, 403
/// or a 5xx. A route missing from the table fails the test, so no new route goes unjudged.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RoleMatrixTests(ApiFixture api)
{
    /// <summary>The kinds of caller: enterprise and park-operator tokens act on the seeded enterprise and park, their own or not.</summary>
    [Flags]
    private enum Who
    {
        None = 0,
        Admin = 1,
        Staff = 2,
        Viewer = 4,
        OwnEnterprise = 8,
        OtherEnterprise = 16,
        OwnParkOperator = 32,
        OtherParkOperator = 64,
        OwnDepartment = 128,
        OtherDepartment = 256,
        Registry = 127,
        Everyone = 511,
        Departments = OwnDepartment | OtherDepartment,
        Office = Admin | Staff,
        Readers = Admin | Staff | Viewer,
        RecordReaders = Readers | OwnEnterprise,
        Enterprises = OwnEnterprise | OtherEnterprise,
        ParkManagers = Office | OwnParkOperator,
    }

    private static readonly Dictionary<string, Who> Allowed = new()
    {
        ["RegisterEnterprise"] = Who.Office | Who.OwnEnterprise,
        ["GetEnterprise"] = Who.Readers | Who.Enterprises | Who.OwnParkOperator,
        ["UpdateEnterprise"] = Who.Office | Who.OwnEnterprise,
        ["RecordTierRecognition"] = Who.Office,
        ["SetEnterpriseStatus"] = Who.Office,
        ["VoidTierRecognition"] = Who.Office,
        ["MergeEnterprise"] = Who.Office,
        ["GetEnterpriseHistory"] = Who.RecordReaders,
        ["ListEnterprises"] = Who.Registry,
        ["AddProduct"] = Who.Office | Who.OwnEnterprise,
        ["ListEnterpriseProducts"] = Who.RecordReaders,
        ["GetProduct"] = Who.RecordReaders,
        ["UpdateProduct"] = Who.Office | Who.OwnEnterprise,
        ["MoveProductStage"] = Who.Office | Who.OwnEnterprise,
        ["GetProductHistory"] = Who.RecordReaders,
        ["ListProducts"] = Who.Readers | Who.Enterprises,
        ["RecordFunding"] = Who.Office, // the documented example is a grant: staff only
        ["GetFunding"] = Who.RecordReaders,
        ["VoidFunding"] = Who.Office,
        ["CorrectFunding"] = Who.Office,
        ["GetGrantCaps"] = Who.Registry,
        ["GetTierEligibility"] = Who.RecordReaders,
        ["ListTierCriteria"] = Who.Registry,
        ["SetTierThreshold"] = Who.Admin,
        ["RecordRelation"] = Who.Office | Who.Enterprises, // the example joins both seeded enterprises
        ["GetRelation"] = Who.RecordReaders,
        ["EndRelation"] = Who.Office | Who.OwnEnterprise,
        ["ListRelationTypes"] = Who.Readers | Who.Enterprises,
        ["GetEnterpriseRelations"] = Who.RecordReaders,
        ["GetGraph"] = Who.RecordReaders,
        ["SingleSupplierReport"] = Who.Readers | Who.Enterprises,
        ["RegisterInstitution"] = Who.Office,
        ["GetInstitution"] = Who.Readers | Who.Enterprises,
        ["UpdateInstitution"] = Who.Office,
        ["ListInstitutions"] = Who.Readers | Who.Enterprises,
        ["CreatePark"] = Who.Office,
        ["ListParks"] = Who.Registry,
        ["ProjectedOccupancy"] = Who.Readers,
        ["GetPark"] = Who.Registry,
        ["UpdatePark"] = Who.ParkManagers,
        ["AddBuilding"] = Who.ParkManagers,
        ["PutUnit"] = Who.ParkManagers,
        ["RecordMilestone"] = Who.ParkManagers,
        ["SignLease"] = Who.ParkManagers,
        ["ListLeases"] = Who.Readers | Who.OwnParkOperator,
        ["TerminateLease"] = Who.ParkManagers,
        ["VoidLease"] = Who.ParkManagers,
        ["CorrectLease"] = Who.ParkManagers,
        ["ParkOccupancy"] = Who.Registry,
        ["GetParkHistory"] = Who.Readers | Who.OwnParkOperator,
        ["GetLeadHistory"] = Who.Readers,
        ["GetPlatformHistory"] = Who.Readers,
        ["GetInstitutionHistory"] = Who.Readers,
        ["GetRelationHistory"] = Who.RecordReaders,
        ["ParkVacancies"] = Who.Readers | Who.OwnParkOperator,
        ["ParkTenancy"] = Who.Readers | Who.OwnParkOperator,
        ["ParkOccupancyTrend"] = Who.Registry,
        ["CreatePlatform"] = Who.Office,
        ["ListPlatforms"] = Who.Registry,
        ["GetPlatform"] = Who.Registry,
        ["UpdatePlatform"] = Who.Office,
        ["AdvancePlatformStatus"] = Who.Office,
        ["CreateLead"] = Who.Office,
        ["ListLeads"] = Who.Readers,
        ["OverdueLeads"] = Who.Readers,
        ["StaleLeads"] = Who.Readers,
        ["LeadFunnel"] = Who.Readers,
        ["GetLead"] = Who.Readers,
        ["UpdateLead"] = Who.Office,
        ["AssignLead"] = Who.Office,
        ["MoveLeadStage"] = Who.Office,
        ["SetLeadStatus"] = Who.Office,
        ["LogLeadActivity"] = Who.Office,
        ["LandLead"] = Who.Office,
        ["LeadSpaceMatches"] = Who.Readers,
        ["ListPeople"] = Who.Readers,
        ["ListInvestors"] = Who.Readers,
        ["GetInvestor"] = Who.Readers,
        ["GetPicture"] = Who.Readers,
        ["ListPlans"] = Who.Readers | Who.Departments,
        ["CreatePlan"] = Who.Office,
        ["GetPlan"] = Who.Readers | Who.Departments,
        ["ListPlanItems"] = Who.Readers | Who.Departments,
        ["ListDepartments"] = Who.Readers | Who.Departments,
        ["GetPlanItem"] = Who.Readers | Who.Departments,
        ["GetPlanItemHistory"] = Who.Readers | Who.Departments,
        ["SubmitPlanReport"] = Who.OwnDepartment, // the seeded plan's item 1 is led by the own department
        ["ReturnPlanReport"] = Who.Office,
        ["AcceptPlanReport"] = Who.Office,
        ["GetPlanQuarter"] = Who.Readers | Who.Departments,
        ["GetQuarterlyReport"] = Who.Readers | Who.Departments,
        ["ListProposals"] = Who.Readers,
        ["GetProposal"] = Who.Readers | Who.Enterprises, // an enterprise gets 404 for a proposal not its own
        ["ReviewProposal"] = Who.Office,
        ["WithdrawProposal"] = Who.Enterprises, // the proposing enterprise; another gets 404
        ["ListEnterpriseProposals"] = Who.RecordReaders,
        ["UploadFile"] = Who.Office | Who.OwnEnterprise, // attached to the seeded enterprise
        ["ListFiles"] = Who.RecordReaders,
        ["DownloadFile"] = Who.Everyone, // an unknown file is 404 for everyone; FileTests judge a real one
        ["GetFileHistory"] = Who.Everyone,
        ["GetInbox"] = Who.Everyone, // each caller sees its own items
        ["DismissInboxItem"] = Who.Everyone, // an item not the caller's is 404
        ["RunInbox"] = Who.Admin,
        ["CreateFiling"] = Who.Office,
        ["ListFilings"] = Who.Readers,
        ["GetFiling"] = Who.Readers,
        ["ListFilingTargets"] = Who.Readers,
        ["RemindFiling"] = Who.Office,
        ["SubmitFiling"] = Who.Enterprises, // an enterprise outside the campaign gets 404
        ["ListEnterpriseFilings"] = Who.RecordReaders,
        ["PictureEnterprises"] = Who.Readers,
        ["PictureProducts"] = Who.Readers,
        ["PictureFunding"] = Who.Readers,
        ["PictureLeads"] = Who.Readers,
        ["PicturePlatforms"] = Who.Readers,
        ["ImportTemplate"] = Who.Office,
        ["ImportDryRun"] = Who.Office,
        ["Import"] = Who.Office,
        ["ImportReport"] = Who.Office,
        ["GetImport"] = Who.Office,
        ["ListImports"] = Who.Office,
        ["RevertImport"] = Who.Office,
        ["ChangeFeed"] = Who.Registry, // each caller sees only the changes it may read
        ["GetTaxonomy"] = Who.Everyone,
        ["SignIn"] = Who.Everyone, // the one anonymous route: judged by AccountTests, not here
        ["GetSession"] = Who.Everyone,
        ["SignOut"] = Who.Everyone,
        ["ChangePassword"] = Who.None, // a token has no password; signed-in accounts change theirs (AccountTests)
        ["ListAccounts"] = Who.Admin,
        ["CreateAccount"] = Who.Admin,
        ["DisableAccount"] = Who.Admin,
        ["EnableAccount"] = Who.Admin,
        ["ResetAccountPassword"] = Who.Admin,
        ["MintToken"] = Who.Admin,
        ["ListTokens"] = Who.Admin,
        ["RevokeToken"] = Who.Admin,
        ["GetRuntime"] = Who.Admin,
        ["CompactMemory"] = Who.Admin,
        ["ListEventFaults"] = Who.Admin,
    };

    /// <summary>Routes open without a credential: signing in (a wrong password answers 401 whoever asks).</summary>
    private static readonly HashSet<string> Anonymous = ["SignIn"];

    [Fact]
    public async Task EveryRouteAnswersEveryKindOfCallerAsTheRolesTableSays()
    {
        using var admin = api.Client(api.AdminToken);
        var surface = await ApiSurface.LoadAsync(admin);
        var seeded = await SeededRegistry.CreateAsync(admin);
        var tokens = new Dictionary<Who, string>
        {
            [Who.OtherParkOperator] = await api.MintAsync("park-operator", seeded.OtherPark),
            [Who.OwnParkOperator] = await api.MintAsync("park-operator", seeded.Park),
            [Who.OtherEnterprise] = await api.MintAsync("enterprise", seeded.Other),
            [Who.OwnEnterprise] = await api.MintAsync("enterprise", seeded.Own),
            [Who.Viewer] = await api.MintAsync("viewer"),
            [Who.Staff] = await api.MintAsync("staff"),
            [Who.Admin] = api.AdminToken,
            [Who.OtherDepartment] = await api.MintAsync("department", "district-health"),
            [Who.OwnDepartment] = await api.MintAsync("department", SeededRegistry.Department),
        };

        var operations = surface.Operations.Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        var unjudged = operations.Where(o => !Allowed.ContainsKey(o.Id)).Select(o => $"{o.Id} ({o})").ToList();
        Assert.True(unjudged.Count == 0, "routes missing from the roles table: " + string.Join(", ", unjudged));

        var wrong = new List<string>();
        var checkedPairs = 0;
        foreach (var operation in operations.Where(o => !Anonymous.Contains(o.Id)))
        {
            // Callers outside the rule first: nothing they send may change what the others then meet.
            foreach (var (who, token) in tokens)
            {
                using var client = api.Client(token);
                var status = await SendAsync(client, surface, seeded, operation);
                checkedPairs++;
                var allowed = Allowed[operation.Id].HasFlag(who);
                var fine = allowed
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500
                    : status == HttpStatusCode.Forbidden;
                if (!fine)
                {
                    wrong.Add($"{operation} as {who}: {(int)status}, expected {(allowed ? "allowed" : "403")}");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {checkedPairs} answers break the roles table:\n" + string.Join("\n", wrong));
        Assert.True(checkedPairs >= (operations.Count - Anonymous.Count) * 9);
    }

    [Fact]
    public async Task NoRouteAnswersWithoutAToken()
    {
        using var admin = api.Client(api.AdminToken);
        var surface = await ApiSurface.LoadAsync(admin);
        using var anonymous = api.Client();
        var seeded = await SeededRegistry.CreateAsync(admin);
        foreach (var operation in surface.Operations.Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal) && !Anonymous.Contains(o.Id)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(anonymous, surface, seeded, operation));
        }
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, ApiSurface surface, SeededRegistry seeded, ApiOperation operation)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), seeded.Url(operation) + seeded.Query(operation));
        if (operation.Parameters.Any(p => p.Name == "If-Match"))
        {
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }

        if (surface.SampleBody(operation) is { } body)
        {
            request.Content = new StringContent(seeded.Substitute(body.ToJsonString()), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}
