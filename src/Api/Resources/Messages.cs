using System.Globalization;
using System.Resources;

namespace CellValley.Api.Resources;

/// <summary>
/// The API's messages, in Chinese (Messages.resx, the default) and English (Messages.en.resx), in the
/// language the request asked for (Accept-Language; the request-localization middleware sets it).
/// </summary>
public static class Messages
{
    private static readonly ResourceManager Resources = new("CellValley.Api.Resources.Messages", typeof(Messages).Assembly);

    /// <summary>A broken rule in the current request's language: from its code when it has one, else its own text.</summary>
    public static string Rule(Grains.Common.FieldError error)
    {
        var text = error.Code is null ? null : Resources.GetString("Rule." + error.Code, CultureInfo.CurrentUICulture);
        if (text is null)
        {
            return error.Rule;
        }

        return error.Args is { Count: > 0 } args ? string.Format(CultureInfo.CurrentCulture, text, args.ToArray<object>()) : text;
    }

    /// <summary>
    /// A domain phrase (a clause's threshold, value or note) in the request's language; its English when no
    /// text is kept for it (phrases that read the same in every language, such as "10%").
    /// </summary>
    public static string? Phrase(Grains.Common.Phrase? phrase)
    {
        if (phrase is null)
        {
            return null;
        }

        var text = Resources.GetString("Clause." + phrase.Code, CultureInfo.CurrentUICulture);
        return text is null ? phrase.English
            : phrase.Args.Length > 0 ? string.Format(CultureInfo.CurrentCulture, text, phrase.Args.ToArray<object>()) : text;
    }

    /// <summary>One of the API's own rules (a "Rule.*" key) as a rule the grains' rules travel with: rendered again in the caller's language.</summary>
    public static Grains.Common.Rule AsRule(string key, params object?[] arguments)
    {
        var args = arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "").ToArray();
        var english = Resources.GetString(key, English) ?? key;
        return new Grains.Common.Rule(key["Rule.".Length..], args.Length == 0 ? english : string.Format(CultureInfo.InvariantCulture, english, args), args);
    }

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>The message in the current request's language, with its arguments filled in.</summary>
    public static string Get(string key, params object?[] arguments)
    {
        var text = Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
        return arguments.Length == 0 ? text : string.Format(CultureInfo.CurrentCulture, text, arguments);
    }

    public const string TitleInvalid = "Title.Invalid";
    public const string TitleInvalidJson = "Title.InvalidJson";
    public const string TitleNotFound = "Title.NotFound";
    public const string TitleConflict = "Title.Conflict";
    public const string TitleForbidden = "Title.Forbidden";
    public const string TitlePreconditionFailed = "Title.PreconditionFailed";
    public const string TitlePreconditionRequired = "Title.PreconditionRequired";
    public const string TitleTooLarge = "Title.TooLarge";
    public const string TitleBadRequest = "Title.BadRequest";
    public const string TitleConcurrentWrite = "Title.ConcurrentWrite";
    public const string TitleUnavailable = "Title.Unavailable";
    public const string UnavailableChineseFont = "Unavailable.ChineseFont";
    public const string TitleUnexpected = "Title.Unexpected";
    public const string TitleUnauthorized = "Title.Unauthorized";
    public const string TitleTooManyRequests = "Title.TooManyRequests";
    public const string TitleTooManyFailures = "Title.TooManyFailures";
    public const string TitleGrantCap = "Title.GrantCap";
    public const string TitleMethodNotAllowed = "Title.MethodNotAllowed";
    public const string TitleUnsupportedMediaType = "Title.UnsupportedMediaType";
    public const string DetailInvalid = "Detail.Invalid";
    public const string DetailPreconditionFailed = "Detail.PreconditionFailed";
    public const string DetailPreconditionRequired = "Detail.PreconditionRequired";
    public const string DetailTooLarge = "Detail.TooLarge";
    public const string DetailConcurrentWrite = "Detail.ConcurrentWrite";
    public const string DetailDatabaseDown = "Detail.DatabaseDown";
    public const string DetailClusterChange = "Detail.ClusterChange";
    public const string DetailTimeout = "Detail.Timeout";
    public const string DetailUnexpected = "Detail.Unexpected";
    public const string DetailUnauthorized = "Detail.Unauthorized";
    public const string DetailForbidden = "Detail.Forbidden";
    public const string DetailTooManyRequests = "Detail.TooManyRequests";
    public const string DetailTooManyFailures = "Detail.TooManyFailures";
    public const string DetailWrongPassword = "Detail.WrongPassword";
    public const string DetailAccountLocked = "Detail.AccountLocked";
    public const string DetailAccountDisabled = "Detail.AccountDisabled";
    public const string DetailAntiforgery = "Detail.Antiforgery";
    public const string DetailMustChangePassword = "Detail.MustChangePassword";
    public const string ForbiddenPasswordForTokens = "Forbidden.PasswordForTokens";
    public const string RuleWrongPassword = "Rule.WrongPassword";
    public const string RulePasswordUnchanged = "Rule.PasswordUnchanged";
    public const string RulePasswordLength = "Rule.PasswordLength";
    public const string RulePasswordMix = "Rule.PasswordMix";
    public const string RulePasswordUsername = "Rule.PasswordUsername";
    public const string RuleUsername = "Rule.Username";
    public const string ConflictUsername = "Conflict.Username";
    public const string ConflictLastAdmin = "Conflict.LastAdmin";
    public const string NotFoundAccount = "NotFound.Account";
    public const string RuleRequired = "Rule.Required";
    public const string RuleBodyRequired = "Rule.BodyRequired";
    public const string RuleNotAField = "Rule.NotAField";
    public const string RuleNotJson = "Rule.NotJson";
    public const string RuleWholeNumber = "Rule.WholeNumber";
    public const string RuleNumber = "Rule.Number";
    public const string RuleDate = "Rule.Date";
    public const string RuleDateTime = "Rule.DateTime";
    public const string RuleBoolean = "Rule.Boolean";
    public const string RuleString = "Rule.String";
    public const string RuleArray = "Rule.Array";
    public const string RuleObject = "Rule.Object";
    public const string RuleUuid = "Rule.Uuid";
    public const string RuleForm = "Rule.Form";
    public const string RuleJson = "Rule.Json";
    public const string RuleNul = "Rule.Nul";
    public const string RuleControlMultiLine = "Rule.ControlMultiLine";
    public const string RuleControl = "Rule.Control";
    public const string RuleNonCharacter = "Rule.NonCharacter";
    public const string RuleSurrogate = "Rule.Surrogate";
    public const string RuleDateRange = "Rule.DateRange";
    public const string RulePage = "Rule.Page";
    public const string RulePageSize = "Rule.PageSize";
    public const string RuleMaxLength = "Rule.MaxLength";
    public const string RuleIfMatch = "Rule.IfMatch";
    public const string RuleDashboard = "Rule.Dashboard";
    public const string ScopeEnterpriseOthers = "Scope.EnterpriseOthers";
    public const string ScopeParkOperator = "Scope.ParkOperator";
    public const string ScopeDepartment = "Scope.Department";
    public const string ScopeOwnProducts = "Scope.OwnProducts";
    public const string ScopeOwnRelations = "Scope.OwnRelations";
    public const string NotFoundEnterprise = "NotFound.Enterprise";
    public const string NotFoundRelation = "NotFound.Relation";
    public const string NotFoundRuleSet = "NotFound.RuleSet";
    public const string NotFoundToken = "NotFound.Token";
    public const string NotFoundProduct = "NotFound.Product";
    public const string NotFoundInstitution = "NotFound.Institution";
    public const string NotFoundPlatform = "NotFound.Platform";
    public const string NotFoundPark = "NotFound.Park";
    public const string NotFoundLease = "NotFound.Lease";
    public const string NotFoundLead = "NotFound.Lead";
    public const string ForbiddenRegisterEnterprise = "Forbidden.RegisterEnterprise";
    public const string ForbiddenNotTenant = "Forbidden.NotTenant";
    public const string ForbiddenChangeEnterprise = "Forbidden.ChangeEnterprise";
    public const string ForbiddenRecognitions = "Forbidden.Recognitions";
    public const string ForbiddenRelationOwnEnd = "Forbidden.RelationOwnEnd";
    public const string ForbiddenInferredRelations = "Forbidden.InferredRelations";
    public const string ForbiddenEndOwnRelation = "Forbidden.EndOwnRelation";
    public const string ForbiddenParks = "Forbidden.Parks";
    public const string ForbiddenParkLeases = "Forbidden.ParkLeases";
    public const string ForbiddenParkTenancy = "Forbidden.ParkTenancy";

    public const string ForbiddenImports = "Forbidden.Imports";

    public const string NotFoundImport = "NotFound.Import";
    public const string ConflictImportRevert = "Conflict.ImportRevert";
    public const string ForbiddenProjection = "Forbidden.Projection";
    public const string ForbiddenChangePark = "Forbidden.ChangePark";
    public const string ForbiddenPicture = "Forbidden.Picture";
    public const string ForbiddenPlans = "Forbidden.Plans";
    public const string ForbiddenPlanWrites = "Forbidden.PlanWrites";
    public const string ForbiddenProposals = "Forbidden.Proposals";
    public const string ForbiddenAttach = "Forbidden.Attach";
    public const string ForbiddenFiles = "Forbidden.Files";
    public const string NotFoundFile = "NotFound.File";
    public const string NotFoundInboxItem = "NotFound.InboxItem";
    public const string ForbiddenFilingWrites = "Forbidden.FilingWrites";
    public const string ForbiddenFilings = "Forbidden.Filings";
    public const string ForbiddenFilingSubmit = "Forbidden.FilingSubmit";
    public const string NotFoundFiling = "NotFound.Filing";
    public const string ConflictFiled = "Conflict.Filed";
    public const string ForbiddenReviewProposal = "Forbidden.ReviewProposal";
    public const string ForbiddenWithdrawProposal = "Forbidden.WithdrawProposal";
    public const string NotFoundProposal = "NotFound.Proposal";
    public const string ForbiddenPlanReport = "Forbidden.PlanReport";
    public const string ForbiddenPlanReview = "Forbidden.PlanReview";
    public const string NotFoundPlanItem = "NotFound.PlanItem";
    public const string NotFoundPlan = "NotFound.Plan";
    public const string ForbiddenInstitutions = "Forbidden.Institutions";
    public const string ForbiddenPlatforms = "Forbidden.Platforms";
    public const string ForbiddenLeadPipeline = "Forbidden.LeadPipeline";
    public const string ForbiddenLeads = "Forbidden.Leads";
    public const string ForbiddenHistory = "Forbidden.History";
    public const string ForbiddenGrants = "Forbidden.Grants";
    public const string NotFoundRecognition = "NotFound.Recognition";
    public const string ForbiddenInvestors = "Forbidden.Investors";
    public const string NotFoundInvestor = "NotFound.Investor";
    public const string ConflictLeadExists = "Conflict.LeadExists";
    public const string ForbiddenStatus = "Forbidden.Status";
    public const string ForbiddenMerge = "Forbidden.Merge";
    public const string NotFoundFunding = "NotFound.Funding";
    public const string DetailGrantCap = "Detail.GrantCap";
    public const string CapAnnual = "Cap.Annual";
    public const string CapPerProduct = "Cap.PerProduct";
    public const string ConflictExists = "Conflict.Exists";
    public const string ConflictEnterpriseExists = "Conflict.EnterpriseExists";
    public const string ConflictParkExists = "Conflict.ParkExists";
    public const string ConflictPlatformExists = "Conflict.PlatformExists";
}
