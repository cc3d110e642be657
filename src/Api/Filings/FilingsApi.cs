using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.OpenApi;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Plans;
using CellValley.Grains.Proposals;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace CellValley.Api.Filings;

/// <summary>Which enterprises a campaign asks: active ones, optionally of a district, of tiers, or named by credit code.</summary>
public sealed record FilingScope(string? District, IReadOnlyList<string>? Tiers, IReadOnlyList<string>? Codes);

/// <summary>Body of POST /api/filings: the year the figures are for, the deadline (the national rule for tiered SMEs: 31 May), the scope.</summary>
public sealed record FilingRequest([property: Required] int? Year, [property: Required] DateOnly? Deadline, string? Title, FilingScope? Scope);

/// <summary>Body of POST /api/filings/{id}/submit: the year's figures (and qualifications), or all left out to confirm the record as it stands.</summary>
public sealed record FilingSubmission(int? Headcount, decimal? RevenueYuan, decimal? RdSpendYuan, QualificationsDto? Qualifications, string? Comment);

/// <summary>One enterprise of a campaign: whether it filed (and the proposal its figures became), when it was last reminded, whether it is late.</summary>
public sealed record FilingTargetDto
{
    public string CreditCode { get; init; } = "";

    public string? Name { get; init; }

    public string? District { get; init; }

    public DateTimeOffset? FiledAt { get; init; }

    public string? FiledBy { get; init; }

    public string? ProposalId { get; init; }

    public DateTimeOffset? RemindedAt { get; init; }

    public bool Late { get; init; }
}

/// <summary>A filing campaign and its progress: in scope, filed, open, late.</summary>
public sealed record FilingDto(
    string Id, string Title, int Year, DateOnly Deadline, FilingScope Scope, string CreatedBy, DateTimeOffset CreatedAt, int InScope, int Filed, int Open, int Late);

public sealed record FilingListItem
{
    public string FilingId { get; init; } = "";

    public string Title { get; init; } = "";

    public int Year { get; init; }

    public DateOnly Deadline { get; init; }

    public int InScope { get; init; }

    public int Filed { get; init; }
}

/// <summary>An enterprise's campaigns: the year, the deadline, whether it has filed.</summary>
public sealed record EnterpriseFilingDto
{
    public string FilingId { get; init; } = "";

    public string Title { get; init; } = "";

    public int Year { get; init; }

    public DateOnly Deadline { get; init; }

    public DateTimeOffset? FiledAt { get; init; }

    public string? ProposalId { get; init; }
}

public sealed record FilingSubmittedDto(string FilingId, string CreditCode, DateTimeOffset FiledAt, Proposals.ProposalDto? Proposal);

public sealed record RemindedDto(int Reminded);

/// <summary>Annual data filing (年度数据填报): staff open a campaign; each enterprise in scope files its yearly figures as a proposal, or confirms them.</summary>
public static class FilingsApi
{
    public static void MapFilingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Filings").RequireAuthorization().NotForParkOperators();
        group.MapPost("/filings", CreateAsync).WithRequestExample("""{ "year": 2025, "deadline": "2026-05-31", "title": "2025年度数据填报", "scope": { "district": null, "tiers": ["eaglet", "gazelle"], "codes": null } }""")
            .WithName("CreateFiling").WithSummary("Open a filing campaign for a year with a deadline; the active enterprises in its scope are asked (staff)");
        group.MapGet("/filings", ListAsync).WithName("ListFilings").WithSummary("The filing campaigns, newest first, with how many have filed");
        group.MapGet("/filings/{id}", GetAsync).WithName("GetFiling").WithSummary("A campaign's progress: in scope, filed, open, late");
        group.MapGet("/filings/{id}/targets", TargetsAsync).Exportable().WithName("ListFilingTargets")
            .WithSummary("The enterprises of a campaign (?state=filed|open|late): who has filed, who is late, when each was last reminded");
        group.MapPost("/filings/{id}/remind", RemindAsync).WithName("RemindFiling").WithSummary("Remind every enterprise that has not filed (an item in its 待办) (staff)");
        group.MapPost("/filings/{id}/submit", SubmitAsync).WithRequestExample("""{ "headcount": 120, "revenueYuan": 36000000, "rdSpendYuan": 8500000, "comment": "2025年审计报告数据" }""")
            .WithName("SubmitFiling").WithSummary("An enterprise files its year's figures (they become a proposal staff review) or, with none given, confirms its record");
        group.MapGet("/enterprises/{code}/filings", ForEnterpriseAsync).RequiresFullEnterpriseRecord().WithName("ListEnterpriseFilings")
            .WithSummary("The campaigns an enterprise is asked in, and whether it has filed");
    }

    public static async Task<Results<Created<FilingDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        FilingRequest request, ClaimsPrincipal user, NpgsqlDataSource dataSource, SupervisionClock clock)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenFilingWrites);
        }

        var errors = new FieldErrors();
        var today = clock.Today;
        if (request.Year is not { } year || year < 2000 || year > today.Year)
        {
            errors.Add("year", Rule.YearBetween(2000, today.Year));
        }

        if (request.Deadline is { } deadline && deadline < today)
        {
            errors.Add("deadline", Rule.NotBefore(today));
        }

        errors.MaxLength("title", request.Title, 100);
        var scope = request.Scope ?? new FilingScope(null, null, null);
        errors.MaxLength("scope.district", scope.District, 50);
        if (scope.Codes is { Count: > 5000 })
        {
            errors.Add("scope.codes", Rule.Between(0, 5000));
        }

        for (var i = 0; i < (scope.Codes?.Count ?? 0); i++)
        {
            if (CreditCode.Validate(scope.Codes![i]) is { } rule)
            {
                errors.Add($"scope.codes[{i}]", rule);
            }
        }

        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        var id = "FL" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
        var title = string.IsNullOrWhiteSpace(request.Title) ? $"{request.Year}年度数据填报" : request.Title.Trim();
        var codes = scope.Codes?.Select(CreditCode.Normalize).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO cv_filings (filing_id, title, year, deadline, scope, created_by) VALUES (@id, @title, @Year, @Deadline, @scope::jsonb, @by)",
            new { id, title, request.Year, request.Deadline, scope = JsonSerializer.Serialize(scope with { Codes = codes }), by = user.ToActor().Name }, transaction);
        var asked = await connection.ExecuteAsync(
            """
            INSERT INTO cv_filing_targets (filing_id, credit_code)
            SELECT @id, credit_code FROM cv_enterprises
             WHERE status = 'active' AND (@district::text IS NULL OR district = @district)
               AND (@tiers::text[] IS NULL OR tier = ANY(@tiers)) AND (@codes::text[] IS NULL OR credit_code = ANY(@codes))
            """, new { id, scope.District, tiers = scope.Tiers?.ToArray(), codes }, transaction);
        if (asked == 0)
        {
            return Problems.Invalid("scope", Rule.EmptyScope());
        }

        await transaction.CommitAsync();
        return TypedResults.Created($"/api/filings/{id}", (await FindAsync(connection, id, today))!);
    }

    public static async Task<Results<Ok<IReadOnlyList<FilingListItem>>, ProblemHttpResult>> ListAsync(ClaimsPrincipal user, NpgsqlDataSource dataSource)
    {
        if (!user.ReadsAllEnterprises())
        {
            return Problems.Forbidden(Messages.ForbiddenFilings);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok<IReadOnlyList<FilingListItem>>((await connection.QueryAsync<FilingListItem>(
            """
            SELECT f.filing_id AS FilingId, f.title, f.year, f.deadline, count(t.*)::int AS InScope, count(t.filed_at)::int AS Filed
              FROM cv_filings f LEFT JOIN cv_filing_targets t ON t.filing_id = f.filing_id
             GROUP BY f.filing_id ORDER BY f.created_at DESC LIMIT 200
            """)).AsList());
    }

    public static async Task<Results<Ok<FilingDto>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, NpgsqlDataSource dataSource, SupervisionClock clock)
    {
        if (!user.ReadsAllEnterprises())
        {
            return Problems.Forbidden(Messages.ForbiddenFilings);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        return await FindAsync(connection, id, clock.Today) is { } filing ? TypedResults.Ok(filing) : Problems.NotFound(Messages.NotFoundFiling, id);
    }

    public static async Task<Results<Ok<IReadOnlyList<FilingTargetDto>>, ValidationProblem, ProblemHttpResult>> TargetsAsync(
        string id, string? state, ClaimsPrincipal user, NpgsqlDataSource dataSource, SupervisionClock clock)
    {
        if (!user.ReadsAllEnterprises())
        {
            return Problems.Forbidden(Messages.ForbiddenFilings);
        }

        if (state is not (null or "filed" or "open" or "late"))
        {
            return Problems.Invalid("state", Rule.OneOf("filed, open, late"));
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        if (await FindAsync(connection, id, clock.Today) is null)
        {
            return Problems.NotFound(Messages.NotFoundFiling, id);
        }

        return TypedResults.Ok<IReadOnlyList<FilingTargetDto>>((await connection.QueryAsync<FilingTargetDto>(
            """
            SELECT t.credit_code AS CreditCode, e.name, e.district, t.filed_at AS FiledAt, t.filed_by AS FiledBy, t.proposal_id AS ProposalId,
                   t.reminded_at AS RemindedAt, (t.filed_at IS NULL AND f.deadline < @today) AS Late
              FROM cv_filing_targets t JOIN cv_filings f ON f.filing_id = t.filing_id LEFT JOIN cv_enterprises e ON e.credit_code = t.credit_code
             WHERE t.filing_id = @id AND (@state::text IS NULL OR (@state = 'filed' AND t.filed_at IS NOT NULL) OR (@state = 'open' AND t.filed_at IS NULL)
                   OR (@state = 'late' AND t.filed_at IS NULL AND f.deadline < @today))
             ORDER BY t.filed_at IS NOT NULL, e.name, t.credit_code
            """, new { id, state, today = clock.Today })).AsList());
    }

    public static async Task<Results<Ok<RemindedDto>, ProblemHttpResult>> RemindAsync(string id, ClaimsPrincipal user, NpgsqlDataSource dataSource, SupervisionClock clock)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenFilingWrites);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        if (await FindAsync(connection, id, clock.Today) is not { } filing)
        {
            return Problems.NotFound(Messages.NotFoundFiling, id);
        }

        await using var transaction = await connection.BeginTransactionAsync();
        var reminded = await connection.ExecuteAsync(
            """
            INSERT INTO cv_inbox (item_key, recipient, kind, title, link, due_on, created_on)
            SELECT 'filing-reminder:' || @id || ':' || credit_code || ':' || @day, 'enterprise:' || credit_code, 'filing-due',
                   '请于 ' || to_char(@deadline, 'YYYY-MM-DD') || ' 前完成' || @title, '/enterprises/' || credit_code, @deadline, @day
              FROM cv_filing_targets WHERE filing_id = @id AND filed_at IS NULL
            ON CONFLICT (item_key) DO NOTHING
            """, new { id, day = clock.Today, deadline = filing.Deadline, title = filing.Title }, transaction);
        await connection.ExecuteAsync("UPDATE cv_filing_targets SET reminded_at = now() WHERE filing_id = @id AND filed_at IS NULL", new { id }, transaction);
        await transaction.CommitAsync();
        return TypedResults.Ok(new RemindedDto(reminded));
    }

    public static async Task<Results<Ok<FilingSubmittedDto>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        string id, FilingSubmission submission, ClaimsPrincipal user, NpgsqlDataSource dataSource, IGrainFactory grains, ReviewPolicy policy, SupervisionClock clock)
    {
        if (user.Role() != ApiRoles.Enterprise || user.Scope() is not { } code)
        {
            return Problems.Forbidden(Messages.ForbiddenFilingSubmit);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var filing = await FindAsync(connection, id, clock.Today);
        var inScope = filing is not null && await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM cv_filing_targets WHERE filing_id = @id AND credit_code = @code)", new { id, code });
        if (!inScope)
        {
            return Problems.NotFound(Messages.NotFoundFiling, id);
        }

        // The enterprise's place is claimed first (one filing, even from two tabs at once); a refused filing releases it.
        await using var transaction = await connection.BeginTransactionAsync();
        var filedAt = await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            "UPDATE cv_filing_targets SET filed_at = now(), filed_by = @by WHERE filing_id = @id AND credit_code = @code AND filed_at IS NULL RETURNING filed_at",
            new { id, code, by = user.ToActor().Name }, transaction);
        if (filedAt is null)
        {
            return Problems.Conflict(Messages.ConflictFiled, filing!.Title);
        }

        var changes = new ProfileChanges(Headcount: submission.Headcount, RevenueYuan: submission.RevenueYuan, RdSpendYuan: submission.RdSpendYuan,
            FinancialYear: filing!.Year, Qualifications: submission.Qualifications?.ToQualifications());
        var (_, proposal, preview) = await Proposals.ProposalsApi.ProposeAsync(code, changes, submission.Comment ?? filing.Title, null, user, grains, policy);
        if (preview.Errors.Count > 0)
        {
            return Problems.Invalid(preview.Errors);
        }

        await connection.ExecuteAsync("UPDATE cv_filing_targets SET proposal_id = @proposal WHERE filing_id = @id AND credit_code = @code",
            new { id, code, proposal = proposal?.Id }, transaction);
        await transaction.CommitAsync();
        return TypedResults.Ok(new FilingSubmittedDto(id, code, filedAt.Value, proposal is null ? null : await Proposals.ProposalsApi.ToDtoAsync(proposal, grains)));
    }

    public static async Task<Results<Ok<IReadOnlyList<EnterpriseFilingDto>>, ValidationProblem, ProblemHttpResult>> ForEnterpriseAsync(string code, NpgsqlDataSource dataSource)
    {
        if (!EnterpriseRoute.TryParse(code, out code, out var bad))
        {
            return bad!;
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok<IReadOnlyList<EnterpriseFilingDto>>((await connection.QueryAsync<EnterpriseFilingDto>(
            """
            SELECT f.filing_id AS FilingId, f.title, f.year, f.deadline, t.filed_at AS FiledAt, t.proposal_id AS ProposalId
              FROM cv_filing_targets t JOIN cv_filings f ON f.filing_id = t.filing_id WHERE t.credit_code = @code ORDER BY f.created_at DESC
            """, new { code })).AsList());
    }

    private static async Task<FilingDto?> FindAsync(NpgsqlConnection connection, string id, DateOnly today)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(string Title, int Year, DateOnly Deadline, string Scope, string CreatedBy, DateTimeOffset CreatedAt, int InScope, int Filed)?>(
            """
            SELECT f.title, f.year, f.deadline, f.scope::text, f.created_by, f.created_at, count(t.*)::int, count(t.filed_at)::int
              FROM cv_filings f LEFT JOIN cv_filing_targets t ON t.filing_id = f.filing_id WHERE f.filing_id = @id GROUP BY f.filing_id
            """, new { id });
        if (row is not { } r)
        {
            return null;
        }

        var open = r.InScope - r.Filed;
        return new FilingDto(id, r.Title, r.Year, r.Deadline, JsonSerializer.Deserialize<FilingScope>(r.Scope, new JsonSerializerOptions(JsonSerializerDefaults.Web))!,
            r.CreatedBy, r.CreatedAt, r.InScope, r.Filed, open, r.Deadline < today ? open : 0);
    }
}
