using System.Text.Json;
using System.Text.Json.Serialization;
using CellValley.Api.Auth;
using CellValley.Api.Enterprises;
using CellValley.Api.Errors;
using CellValley.Api.Funding;
using CellValley.Api.Health;
using CellValley.Api.Institutions;
using CellValley.Api.Leads;
using CellValley.Api.OpenApi;
using CellValley.Api.Parks;
using CellValley.Api.Picture;
using CellValley.Api.Platforms;
using CellValley.Api.Products;
using CellValley.Api.Relations;
using CellValley.Api.Runtime;
using CellValley.Api.Taxonomy;
using CellValley.Api.Tiers;
using CellValley.Api.Validation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace CellValley.Api;

/// <summary>Registers and maps the HTTP API.</summary>
public static class ApiSetup
{
    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddCellValleyApi(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(o =>
        {
            o.Limits.MaxRequestBodySize = MaxBodyBytes;
            o.AddServerHeader = false;
        });
        services.AddCellValleyLimits();
        services.AddClusterKeyRing();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Localize);
        services.AddExceptionHandler<ExceptionProblemHandler>();

        // Bad bodies throw so that ExceptionProblemHandler can name the offending field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.MaxDepth = 32;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });

        services.AddMemoryCache();
        services.AddSingleton<TokenStore>();
        services.AddSingleton<CredentialCheck>();
        services.AddSingleton<EnterpriseQueries>();
        services.AddSingleton<ProductQueries>();
        services.AddSingleton<RelationQueries>();
        services.AddSingleton<ParkQueries>();
        services.AddSingleton<ParkTenancyQueries>();
        services.AddSingleton<TenancyCache>();
        services.AddSingleton<Enterprises.ProfileAnswers>();
        services.AddSingleton<LeadQueries>();
        services.AddSingleton(Grains.Picture.PictureCatalogue.LoadEmbedded());
        services.AddSingleton(Grains.Plans.PlanCatalogue.LoadEmbedded());
        services.AddSingleton<Plans.PlanDirectory>();
        services.AddSingleton(Grains.Proposals.ReviewPolicy.LoadEmbedded());
        services.AddSingleton<PictureQueries>();
        services.AddSingleton<PictureDetailsQueries>();
        services.AddSingleton<Export.ExportSheets>();
        services.AddSingleton<Imports.ImportKind, Imports.EnterpriseRosterImport>();
        services.AddSingleton<Imports.ImportKind, Imports.ProductImport>();
        services.AddSingleton<Imports.ImportKind, Imports.LeaseImport>();
        services.AddSingleton<Imports.ImportKind, Imports.LeadImport>();
        services.AddSingleton<Imports.ImportKind, Imports.FundingImport>();
        services.AddSingleton<Imports.ImportKind, Imports.UnitImport>();
        services.AddSingleton<Imports.ImportKind, Imports.PlatformImport>();
        services.AddSingleton<Imports.ImportKind, Imports.InstitutionImport>();
        services.AddSingleton<Imports.ImportKind, Imports.RelationImport>();
        services.AddSingleton<Imports.ImportKind, Imports.PlanImport>();
        services.AddSingleton<Imports.ImportRunner>();
        services.AddHostedService<Imports.ImportDrain>();
        services.AddHostedService<Inbox.InboxStartup>();
        services.AddSingleton<PictureService>();
        services.AddSingleton<ChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        services.AddCellValleyAuthentication();
        services.AddConsoleCompression();
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.AdminPolicy, p => p.RequireRole(ApiRoles.Admin));
        services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: ["ready"])
            .AddCheck<EventLogHealthCheck>("event-log", tags: ["ready"])
            .AddCheck<ChangeFeed>("change-feed", tags: ["ready"]);

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "CellValley registry API",
                Version = "v1",
                Description = "The registry of the Tianjin Binhai Cell Valley (细胞谷) biomedicine cluster. "
                    + "Every /api call needs 'Authorization: Bearer <token>' (integrations; use the Authorize button) or the session "
                    + "cookie of an account signed in with POST /api/session (people, in the console; its writes carry the X-CSRF-TOKEN header).",
                License = new OpenApiLicense { Name = "Proprietary: Tianjin Binhai Cell Valley registry (滨海新区细胞谷产业集群登记系统)" },
            });
            o.AddSecurityDefinition(BearerTokenHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A token minted by an admin (POST /api/admin/tokens) or printed at first start.",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerTokenHandler.SchemeName, document)] = [],
            });
            o.OperationFilter<RequestExampleFilter>();
            o.OperationFilter<ProblemResponsesFilter>();
            o.OperationFilter<ExportFormatsFilter>();
            o.DocumentFilter<DocumentPartsFilter>();
            // The public document is the registry's API; the Orleans dashboard is an admin tool beside it.
            o.DocInclusionPredicate((_, description) => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
            // Money and areas are exact decimals, not binary floating point.
            o.MapType<decimal>(() => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" });
            o.SupportNonNullableReferenceTypes();
            o.NonNullableReferenceTypesAsRequired();
            var xml = Path.Combine(AppContext.BaseDirectory, "CellValley.Api.xml");
            if (File.Exists(xml))
            {
                o.IncludeXmlComments(xml);
            }
        });
        return services;
    }

    public static WebApplication UseCellValleyApi(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        // Chinese unless the request asks for English (Accept-Language: en): problem details and rules follow it.
        app.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture("zh-CN");
            o.AddSupportedCultures("zh-CN", "en");
            o.AddSupportedUICultures("zh-CN", "en");
            o.ApplyCurrentCultureToResponseHeaders = true;
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAntiforgeryForSessions();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseDepartmentGate();

        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "CellValley v1");
        });

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.UseConsoleFiles();

        // Every API route passes the input guard: no handler can forget it.
        var api = app.MapGroup("").GuardInput();
        api.MapEnterprisesApi();
        api.MapProductsApi();
        api.MapFundingApi();
        api.MapInvestorsApi();
        api.MapTierCriteriaApi();
        api.MapRelationsApi();
        api.MapInstitutionsApi();
        api.MapParksApi();
        api.MapPlatformsApi();
        api.MapLeadsApi();
        api.MapPictureApi();
        api.MapPictureDetailsApi();
        Imports.ImportsApi.MapImportsApi(api);
        Plans.PlansApi.MapPlansApi(api);
        Proposals.ProposalsApi.MapProposalsApi(api);
        Files.FilesApi.MapFilesApi(api);
        Inbox.InboxApi.MapInboxApi(api);
        Filings.FilingsApi.MapFilingsApi(api);
        api.MapTaxonomyApi();
        api.MapTokensApi();
        api.MapSessionApi();
        api.MapAccountsApi();
        api.MapRuntimeApi();
        api.MapEventFaultsApi();
        return app;
    }
}
