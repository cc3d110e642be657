using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Proposals;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace CellValley.Api.Proposals;

/// <summary>A proposed field: its value on the record when proposed, the value proposed, and the reviewer's decision (accept, reject) once made.</summary>
public sealed record ProposedFieldDto(string Field, JsonElement? From, JsonElement? To, string? Decision);

/// <summary>
/// An enterprise's proposed change and its review. kind: profile (fields of the profile), product (a new product, one field
/// "product"), product-update (a product's description, field by field), stage (a product's stage move, one field "stage"),
/// funding (a round or loan, one field "funding"); productId names the product concerned. state: pending, accepted,
/// partly-accepted, rejected, withdrawn, lapsed; stale says that a field no longer holds the value it was proposed from (a
/// review accepting it would find the proposal lapsed).
/// </summary>
public sealed record ProposalDto(
    string Id, string CreditCode, string? EnterpriseName, string State, bool Stale, IReadOnlyList<ProposedFieldDto> Fields, string? Comment,
    string ProposedBy, DateTimeOffset ProposedAt, int BaseVersion, string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewComment, int Version,
    string Kind, string? ProductId, string? ProductName);

/// <summary>A row of the review queue.</summary>
public sealed record ProposalListItem
{
    public string ProposalId { get; init; } = "";

    public string CreditCode { get; init; } = "";

    public string? EnterpriseName { get; init; }

    public string? District { get; init; }

    public string State { get; init; } = "";

    /// <summary>profile, product, product-update, stage or funding.</summary>
    public string Kind { get; init; } = "";

    public string? ProductId { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string FieldsJson { get; init; } = "[]";

    public IReadOnlyList<string> Fields => JsonSerializer.Deserialize<string[]>(FieldsJson) ?? [];

    public string ProposedBy { get; init; } = "";

    public DateTimeOffset ProposedAt { get; init; }

    public bool Stale { get; set; }

    public string? ReviewedBy { get; init; }

    public DateTimeOffset? ReviewedAt { get; init; }

    public string? ReviewComment { get; init; }
}

/// <summary>Body of POST /api/proposals/{id}/review: every proposed field decided (accept or reject), with a comment.</summary>
public sealed record ReviewProposalRequest(Dictionary<string, string>? Decisions, string? Comment);

/// <summary>
/// Self-service with review (maker-checker): an enterprise account's profile changes that need review become proposals; staff
/// accept or reject them field by field; accepted fields apply through the enterprise's rules.
/// </summary>
public static class ProposalsApi
{
    private const string ReviewExample = """{ "decisions": { "headcount": "accept", "revenueYuan": "reject" }, "comment": "营业收入请附审计报告后再报" }""";

    private const string Select = """
        p.proposal_id AS ProposalId, p.credit_code AS CreditCode, e.name AS EnterpriseName, e.district, p.state, p.fields::text AS FieldsJson,
        p.kind, p.product_id AS ProductId, p.proposed_by AS ProposedBy, p.proposed_at AS ProposedAt,
        p.reviewed_by AS ReviewedBy, p.reviewed_at AS ReviewedAt, p.review_comment AS ReviewComment
        """;

    public static void MapProposalsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Proposals").RequireAuthorization().NotForParkOperators();
        group.MapGet("/proposals", ListAsync).WithName("ListProposals")
            .WithSummary("The review queue (admin, staff, viewer): proposals by state (default pending), oldest first; ?district=, ?park= (its tenants)");
        group.MapGet("/proposals/{id}", GetAsync).WithName("GetProposal").WithSummary("A proposal with each field from → to and its decision (staff, viewers, the proposing enterprise)");
        group.MapPost("/proposals/{id}/review", ReviewAsync).WithRequestExample(ReviewExample).WithName("ReviewProposal")
            .WithSummary("Accept or reject each proposed field, with a comment (staff); accepted fields apply to the profile, the history naming reviewer and proposer");
        group.MapPost("/proposals/{id}/withdraw", WithdrawAsync).WithName("WithdrawProposal").WithSummary("The proposing enterprise withdraws a pending proposal");
        group.MapGet("/enterprises/{code}/proposals", ForEnterpriseAsync).RequiresFullEnterpriseRecord().WithName("ListEnterpriseProposals")
            .WithSummary("An enterprise's proposals, newest first, with each one's state");
    }

    /// <summary>
    /// An enterprise account's profile change: fields the policy trusts apply at once; the others become a proposal. Refused as a
    /// whole when any field breaks the profile's rules (the preview's errors), so that nothing half-applies.
    /// </summary>
    public static async Task<(Outcome<EnterpriseView>? Direct, ProposalView? Proposal, ProfilePreview Preview)> ProposeAsync(
        string code, ProfileChanges changes, string? comment, int? expected, ClaimsPrincipal user, IGrainFactory grains, ReviewPolicy policy)
    {
        var enterprise = grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code));
        var preview = await enterprise.PreviewProfileAsync(changes);
        if (!preview.Registered || preview.Errors.Count > 0 || (expected is { } e && e != preview.Version))
        {
            return (null, null, preview);
        }

        var direct = preview.Fields.Where(f => !policy.NeedsReview(f.Field)).Select(f => f.Field).ToHashSet();
        var reviewed = preview.Fields.Where(f => policy.NeedsReview(f.Field)).ToArray();
        Outcome<EnterpriseView>? applied = null;
        var version = preview.Version;
        if (direct.Count > 0)
        {
            applied = await enterprise.UpdateProfileAsync(ProposalStates.Only(changes, direct), expected, user.ToActor());
            if (applied.Kind != OutcomeKind.Ok || reviewed.Length == 0)
            {
                return (applied, null, preview);
            }

            version = applied.CurrentVersion;
        }

        if (reviewed.Length == 0)
        {
            return (applied, null, preview);
        }

        var id = "R" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        var proposal = await grains.Ref<IProposalGrain>(ProposalKey.For(id)).SubmitAsync(
            code, ProposalStates.Only(changes, reviewed.Select(f => f.Field).ToHashSet()), reviewed, version, comment, user.ToActor());
        return (applied, proposal.Value, preview);
    }

    public static async Task<Results<Ok<PagedList<ProposalListItem>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? state, string? district, string? park, int? page, int? pageSize, ClaimsPrincipal user, NpgsqlDataSource dataSource, TimeProvider clock, IGrainFactory grains)
    {
        if (!user.ReadsAllEnterprises())
        {
            return Problems.Forbidden(Messages.ForbiddenProposals);
        }

        string[] states = ["pending", "accepted", "partly-accepted", "rejected", "withdrawn", "lapsed", "all"];
        var errors = new FieldErrors();
        if (state is not null && !states.Contains(state))
        {
            errors.Add("state", Rule.OneOf(string.Join(", ", states)));
        }

        errors.MaxLength("district", district, 50);
        errors.MaxLength("park", park, 64);
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var found = await connection.PageAsync<ProposalListItem>(
            Select,
            """
            FROM cv_proposals p LEFT JOIN cv_enterprises e ON e.credit_code = p.credit_code
            WHERE (@state = 'all' OR p.state = @state) AND (@district::text IS NULL OR e.district = @district)
              AND (@park::text IS NULL OR EXISTS (SELECT 1 FROM cv_leases l WHERE l.tenant_code = p.credit_code AND l.park_id = @park
                                                   AND l.starts_on <= @today AND l.ends_on > @today AND l.voided_at IS NULL))
            """,
            "p.proposed_at, p.proposal_id",
            new { state = state ?? "pending", district, park, today = clock.Today() }, page, pageSize);
        await MarkStaleAsync(grains, found.Items);
        return TypedResults.Ok(found);
    }

    /// <summary>Marks the pending proposals whose fields no longer hold the values proposed from (asked of each proposal: a page at a time).</summary>
    private static async Task MarkStaleAsync(IGrainFactory grains, IReadOnlyList<ProposalListItem> rows)
    {
        var pending = rows.Where(r => r.State == ProposalStates.Pending).ToArray();
        var stale = await Task.WhenAll(pending.Select(r => grains.Ref<IProposalGrain>(ProposalKey.For(r.ProposalId)).IsStaleAsync()));
        for (var i = 0; i < pending.Length; i++)
        {
            pending[i].Stale = stale[i];
        }
    }

    public static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var view = await grains.Ref<IProposalGrain>(ProposalKey.For(id)).GetAsync();
        // An enterprise learns nothing of other enterprises' proposals, not even that they exist.
        if (view is null || !user.ReadsEnterpriseInFull(view.CreditCode))
        {
            return Problems.NotFound(Messages.NotFoundProposal, id);
        }

        return TypedResults.Ok(await ToDtoAsync(view, grains));
    }

    public static async Task<Results<Ok<ProposalDto>, ValidationProblem, ProblemHttpResult>> ReviewAsync(
        string id, ReviewProposalRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenReviewProposal);
        }

        var outcome = await grains.Ref<IProposalGrain>(ProposalKey.For(id))
            .ReviewAsync(request.Decisions ?? [], request.Comment, user.ToActor());
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(await ToDtoAsync(outcome.Value!, grains)),
            OutcomeKind.Invalid => Problems.Invalid(outcome.Errors),
            _ => Answers.Problem(outcome, new Text(Messages.NotFoundProposal, id)),
        };
    }

    public static async Task<Results<Ok<ProposalDto>, ProblemHttpResult>> WithdrawAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (user.Role() != ApiRoles.Enterprise)
        {
            return Problems.Forbidden(Messages.ForbiddenWithdrawProposal);
        }

        var grain = grains.Ref<IProposalGrain>(ProposalKey.For(id));
        if (await grain.GetAsync() is not { } view || view.CreditCode != user.Scope())
        {
            return Problems.NotFound(Messages.NotFoundProposal, id);
        }

        var outcome = await grain.WithdrawAsync(user.ToActor());
        return outcome.Kind == OutcomeKind.Ok ? TypedResults.Ok(await ToDtoAsync(outcome.Value!, grains)) : Answers.Problem(outcome, new Text(Messages.NotFoundProposal, id));
    }

    public static async Task<Results<Ok<IReadOnlyList<ProposalListItem>>, ValidationProblem, ProblemHttpResult>> ForEnterpriseAsync(
        string code, NpgsqlDataSource dataSource, IGrainFactory grains)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<ProposalListItem>(
            $"""
            SELECT {Select}
              FROM cv_proposals p LEFT JOIN cv_enterprises e ON e.credit_code = p.credit_code
             WHERE p.credit_code = @code ORDER BY p.proposed_at DESC LIMIT 200
            """, new { code });
        var list = rows.AsList();
        await MarkStaleAsync(grains, list);
        return TypedResults.Ok<IReadOnlyList<ProposalListItem>>(list);
    }

    public static async Task<ProposalDto> ToDtoAsync(ProposalView view, IGrainFactory grains)
    {
        var proposal = grains.Ref<IProposalGrain>(ProposalKey.For(view.Id));
        var enterprise = grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(view.CreditCode));
        var name = (await enterprise.GetAsync())?.Profile.Name;
        var product = view.ProductId is null ? null : (await enterprise.GetProductsAsync())?.FirstOrDefault(p => p.Id == view.ProductId)?.Name;
        static JsonElement? Json(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
        return new ProposalDto(view.Id, view.CreditCode, name, view.State, await proposal.IsStaleAsync(),
            view.Fields.Select(f => new ProposedFieldDto(f.Field, Json(f.From), Json(f.To), view.Decisions.GetValueOrDefault(f.Field))).ToArray(),
            view.Comment, view.ProposedBy, view.ProposedAt, view.BaseVersion, view.ReviewedBy, view.ReviewedAt, view.ReviewComment, view.Version,
            view.Kind, view.ProductId, product);
    }

    /// <summary>
    /// An enterprise account's change to one of its records (a new product, a product's description or stage, a round or loan)
    /// made into a proposal: checked first by the record's rules (the preview's refusal is the answer); a change that changes
    /// nothing makes no proposal (null).
    /// </summary>
    public static async Task<(Outcome<RecordPreview> Preview, ProposalDto? Proposal)> ProposeRecordAsync(
        string code, ProposedRecord record, string? comment, int? expected, ClaimsPrincipal user, IGrainFactory grains)
    {
        var preview = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).PreviewRecordAsync(record, expected);
        if (!preview.IsOk || preview.Value!.Fields.Count == 0)
        {
            return (preview, null);
        }

        var id = "R" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        var proposal = await grains.Ref<IProposalGrain>(ProposalKey.For(id))
            .SubmitRecordAsync(code, record, preview.Value.Fields, preview.Value.Version, comment, user.ToActor());
        return proposal.IsOk ? (preview, await ToDtoAsync(proposal.Value!, grains)) : (proposal.As<RecordPreview>(), null);
    }
}
