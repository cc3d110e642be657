using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Funding;
using CellValley.Grains.Leads;
using CellValley.Grains.Parks;
using CellValley.Grains.Picture;
using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Picture;

/// <summary>
/// What each number of the picture counts: the enterprises, products, funding entries, leads and
/// platforms behind it, on the same day and in the same park and segment as the picture read.
/// </summary>
public static class PictureDetailsApi
{
    private static readonly string[] Moves = ["up", "down", "expired"];
    private static readonly string[] ProductClasses = ["medicine", "class-one", "innovative-device"];
    private static readonly string[] Sources = [FundingRules.Equity, FundingRules.GuidanceFund, FundingRules.Grant, FundingRules.Loan];

    public static void MapPictureDetailsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/picture").WithTags("Picture").RequireAuthorization();
        group.MapGet("/enterprises", EnterprisesAsync).Exportable().WithName("PictureEnterprises")
            .WithSummary("The enterprises a picture number counts: by tier (expired or not), segment, chain link, or tier move in the period");
        group.MapGet("/products", ProductsAsync).Exportable().WithName("PictureProducts")
            .WithSummary("The products a pipeline or target number counts, at their stage on the day");
        group.MapGet("/funding", FundingAsync).Exportable().WithName("PictureFunding")
            .WithSummary("The funding entries the funding chart adds up for a year and source");
        group.MapGet("/leads", LeadsAsync).Exportable().WithName("PictureLeads")
            .WithSummary("The leads a funnel stage or a chain gap counts");
        group.MapGet("/platforms", PlatformsAsync).Exportable().WithName("PicturePlatforms")
            .WithSummary("The platforms a chain link or a platform target counts");
    }

    public static async Task<Results<Ok<PagedList<PictureEnterprise>>, ValidationProblem, ProblemHttpResult>> EnterprisesAsync(
        DateOnly? asOf, string? park, string? segment, string? tier, bool? expired, string? holds, string? link, string? move, DateOnly? movesFrom,
        int? page, int? pageSize, ClaimsPrincipal user, PictureDetailsQueries queries, ClusterTaxonomy taxonomy, PictureCatalogue catalogue, TimeProvider clock)
    {
        if (!user.CanSeeLeads())
        {
            return Problems.Forbidden(Messages.ForbiddenPicture);
        }

        var errors = CheckView(asOf, park, segment, taxonomy, clock, out var view);
        if (tier is not null && taxonomy.FindTier(tier)?.Code != tier)
        {
            errors.Add("tier", Rule.OneOf(string.Join(", ", taxonomy.Tiers.Select(t => t.Code))));
        }

        if (holds is not null && !taxonomy.IsSegment(holds))
        {
            errors.Add("holds", Rule.UnknownSegment(holds));
        }

        CheckLink(errors, link, catalogue);
        if (holds is not null && link is not null)
        {
            errors.Add("link", Rule.NotWith("holds"));
        }

        if (move is not null)
        {
            if (!Moves.Contains(move))
            {
                errors.Add("move", Rule.OneOf(string.Join(", ", Moves)));
            }

            foreach (var (name, value) in new[] { ("tier", tier), ("expired", expired?.ToString()), ("holds", holds), ("link", link) })
            {
                if (value is not null)
                {
                    errors.Add(name, Rule.NotWith("move"));
                }
            }
        }

        if (movesFrom > view.AsOf)
        {
            errors.Add("movesFrom", Rule.NotAfterField("asOf"));
        }

        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        return TypedResults.Ok(move is null
            ? await queries.EnterprisesAsync(view, tier, expired, holds, link, page, pageSize)
            : await queries.MovesAsync(view, move, movesFrom ?? view.AsOf.AddYears(-1), page, pageSize));
    }

    public static async Task<Results<Ok<PagedList<PictureProduct>>, ValidationProblem, ProblemHttpResult>> ProductsAsync(
        DateOnly? asOf, string? park, string? segment, string? stage, string? kind, string? @class, string? target, int? page, int? pageSize,
        ClaimsPrincipal user, PictureDetailsQueries queries, ClusterTaxonomy taxonomy, PictureCatalogue catalogue, TimeProvider clock)
    {
        if (!user.CanSeeLeads())
        {
            return Problems.Forbidden(Messages.ForbiddenPicture);
        }

        var errors = CheckView(asOf, park, segment, taxonomy, clock, out var view);
        if (stage is not null && taxonomy.FindStage(stage)?.Code != stage)
        {
            errors.Add("stage", Rule.OneOf(string.Join(", ", taxonomy.ProductStages.Select(s => s.Code))));
        }

        if (kind is not null && taxonomy.FindKind(kind)?.Code != kind)
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", taxonomy.ProductKinds.Select(k => k.Code))));
        }

        if (@class is not null && !ProductClasses.Contains(@class))
        {
            errors.Add("class", Rule.OneOf(string.Join(", ", ProductClasses)));
        }

        var counted = Target(errors, target, view, catalogue, "products-reaching");
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        return TypedResults.Ok(await queries.ProductsAsync(view, stage, kind, @class, counted, page, pageSize));
    }

    public static async Task<Results<Ok<PagedList<PictureFunding>>, ValidationProblem, ProblemHttpResult>> FundingAsync(
        DateOnly? asOf, string? park, string? segment, int? year, string? source, int? page, int? pageSize,
        ClaimsPrincipal user, PictureDetailsQueries queries, ClusterTaxonomy taxonomy, TimeProvider clock)
    {
        if (!user.CanSeeLeads())
        {
            return Problems.Forbidden(Messages.ForbiddenPicture);
        }

        var errors = CheckView(asOf, park, segment, taxonomy, clock, out var view);
        if (year is < 1900 or > 2999)
        {
            errors.Add("year", Rule.YearBetween(1900, 2999));
        }

        if (source is not null && !Sources.Contains(source))
        {
            errors.Add("source", Rule.OneOf(string.Join(", ", Sources)));
        }

        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        return TypedResults.Ok(await queries.FundingAsync(view, year, source, page, pageSize));
    }

    public static async Task<Results<Ok<PagedList<PictureLead>>, ValidationProblem, ProblemHttpResult>> LeadsAsync(
        DateOnly? asOf, string? park, string? segment, string? reached, string? now, string? link, int? page, int? pageSize,
        ClaimsPrincipal user, PictureDetailsQueries queries, ClusterTaxonomy taxonomy, LeadCatalogue leads, PictureCatalogue catalogue, TimeProvider clock)
    {
        if (!user.CanSeeLeads())
        {
            return Problems.Forbidden(Messages.ForbiddenPicture);
        }

        var errors = CheckView(asOf, park, segment, taxonomy, clock, out var view);
        var stages = string.Join(", ", leads.Stages.Select(s => s.Code));
        if (reached is not null && leads.FindStage(reached) is null)
        {
            errors.Add("reached", Rule.OneOf(stages));
        }

        if (now is not null && leads.FindStage(now) is null)
        {
            errors.Add("now", Rule.OneOf(stages));
        }

        CheckLink(errors, link, catalogue);
        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        return TypedResults.Ok(await queries.LeadsAsync(view, reached, now, link, page, pageSize));
    }

    public static async Task<Results<Ok<PagedList<PicturePlatform>>, ValidationProblem, ProblemHttpResult>> PlatformsAsync(
        DateOnly? asOf, string? park, string? link, string? target, int? page, int? pageSize,
        ClaimsPrincipal user, PictureDetailsQueries queries, ClusterTaxonomy taxonomy, PictureCatalogue catalogue, TimeProvider clock)
    {
        if (!user.CanSeeLeads())
        {
            return Problems.Forbidden(Messages.ForbiddenPicture);
        }

        var errors = CheckView(asOf, park, null, taxonomy, clock, out var view);
        CheckLink(errors, link, catalogue);
        var counted = Target(errors, target, view, catalogue, "platforms-operating", "industrialisation-bases");
        if (link is not null && target is not null)
        {
            errors.Add("target", Rule.NotWith("link"));
        }

        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.Invalid(errors.ToList());
        }

        return TypedResults.Ok(await queries.PlatformsAsync(view, link, counted, page, pageSize));
    }

    /// <summary>The day, park and segment the picture was read in, checked as GET /api/picture checks them.</summary>
    internal static FieldErrors CheckView(DateOnly? asOf, string? park, string? segment, ClusterTaxonomy taxonomy, TimeProvider clock, out PictureView view)
    {
        var today = clock.Today();
        var errors = new FieldErrors();
        // Dates before 1900 never reach here: the input guard refuses them on every route.
        if (asOf > today)
        {
            errors.Add("asOf", Rule.NotInFuture(today));
        }

        if (park is not null && !ParkKey.IsValidId(park))
        {
            errors.Add("park", Rule.Identifier());
        }

        if (segment is not null && !taxonomy.IsSegment(segment))
        {
            errors.Add("segment", Rule.UnknownSegment(segment));
        }

        view = new PictureView(asOf ?? today, park, segment);
        return errors;
    }

    private static void CheckLink(FieldErrors errors, string? link, PictureCatalogue catalogue)
    {
        if (link is not null && catalogue.Links.All(l => l.Code != link))
        {
            errors.Add("link", Rule.OneOf(string.Join(", ", catalogue.Links.Select(l => l.Code))));
        }
    }

    /// <summary>The plan target (of the plan in force on the day) whose metric is one of those a list can show.</summary>
    private static PlanTarget? Target(FieldErrors errors, string? id, PictureView view, PictureCatalogue catalogue, params string[] metrics)
    {
        if (id is null)
        {
            return null;
        }

        var candidates = catalogue.PlanOn(view.AsOf).Targets.Where(t => metrics.Contains(t.Metric)).ToArray();
        var target = candidates.FirstOrDefault(t => t.Id == id);
        if (target is null)
        {
            errors.Add("target", Rule.OneOf(string.Join(", ", candidates.Select(t => t.Id))));
        }

        return target;
    }
}
