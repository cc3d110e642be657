using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace CellValley.Api.Funding;

/// <summary>An investor as the registry knows it from the rounds it joined.</summary>
public sealed record InvestorSummary
{
    public string Name { get; init; } = "";

    public string Type { get; init; } = "";

    public int Enterprises { get; init; }

    public int Rounds { get; init; }

    /// <summary>The sum of the amounts stated for this investor (rounds without a stated amount add nothing).</summary>
    public decimal StatedAmountYuan { get; init; }

    public DateOnly LastRound { get; init; }
}

/// <summary>A round an investor joined: the enterprise, the round and the investor's part where stated.</summary>
public sealed record InvestorRound
{
    public string CreditCode { get; init; } = "";

    public string? EnterpriseName { get; init; }

    public string FundingId { get; init; } = "";

    public DateOnly Date { get; init; }

    public string? RoundType { get; init; }

    public decimal Amount { get; init; }

    public string Currency { get; init; } = "";

    public decimal? InvestorAmountYuan { get; init; }

    public bool Lead { get; init; }

    /// <summary>The investor's type as recorded with this round.</summary>
    public string InvestorType { get; init; } = "";
}

public sealed record InvestorPortfolioDto(string Name, string Type, IReadOnlyList<InvestorRound> Rounds);

/// <summary>Investors and the enterprises they have backed (a guidance fund's portfolio above all), from the recorded rounds.</summary>
public static class InvestorsApi
{
    public static void MapInvestorsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/investors").WithTags("Funding").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListInvestors")
            .WithSummary("Investors of the recorded rounds (voided ones left out), by how many enterprises they backed; filter by type (guidance-fund …) or name");
        group.MapGet("/{name}", GetAsync).WithName("GetInvestor").WithSummary("The rounds an investor joined, with the enterprises and the investor's part where stated");
    }

    private const string Members = """
        FROM cv_funding f CROSS JOIN jsonb_array_elements(f.investors) i
        WHERE f.kind = 'equity' AND f.voided_at IS NULL
        """;

    public static async Task<Results<Ok<PagedList<InvestorSummary>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? type, string? q, int? page, int? pageSize, ClaimsPrincipal user, NpgsqlDataSource dataSource)
    {
        if (!user.ReadsAllEnterprises())
        {
            return Problems.Forbidden(Messages.ForbiddenInvestors);
        }

        var errors = new FieldErrors();
        errors.MaxLength("q", q, 100);
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        return TypedResults.Ok(await connection.PageAsync<InvestorSummary>(
            "name AS Name, type AS Type, enterprises AS Enterprises, rounds AS Rounds, stated AS StatedAmountYuan, last_round AS LastRound",
            $"""
            FROM (SELECT i->>'name' AS name, i->>'type' AS type, count(DISTINCT f.credit_code)::int AS enterprises, count(*)::int AS rounds,
                         coalesce(sum((i->>'amountYuan')::numeric), 0) AS stated, max(f.funded_on) AS last_round
                    {Members}
                     AND (@type::text IS NULL OR i->>'type' = @type)
                     AND (@q::text IS NULL OR strpos(i->>'name', @q) > 0)
                   GROUP BY 1, 2) g
            """,
            "enterprises DESC, name",
            new { type, q }, page, pageSize));
    }

    public static async Task<Results<Ok<InvestorPortfolioDto>, ProblemHttpResult>> GetAsync(string name, ClaimsPrincipal user, NpgsqlDataSource dataSource)
    {
        if (!user.ReadsAllEnterprises())
        {
            return Problems.Forbidden(Messages.ForbiddenInvestors);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<InvestorRound>(
            $"""
            SELECT i->>'type' AS InvestorType, f.credit_code AS CreditCode, e.name AS EnterpriseName, f.funding_id AS FundingId, f.funded_on AS Date,
                   f.round_type AS RoundType, f.amount AS Amount, f.currency AS Currency,
                   (i->>'amountYuan')::numeric AS InvestorAmountYuan, coalesce((i->>'lead')::boolean, false) AS Lead
              {Members.Replace("FROM cv_funding f", "FROM cv_funding f LEFT JOIN cv_enterprises e ON e.credit_code = f.credit_code", StringComparison.Ordinal)}
               AND i->>'name' = @name
             ORDER BY f.funded_on DESC, f.funding_id
            """,
            new { name })).AsList();
        if (rows.Count == 0)
        {
            return Problems.NotFound(Messages.NotFoundInvestor, name);
        }

        return TypedResults.Ok(new InvestorPortfolioDto(name, rows[0].InvestorType, rows));
    }
}
