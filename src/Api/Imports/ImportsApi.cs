using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace CellValley.Api.Imports;

/// <summary>
/// Rosters from spreadsheets, one kind per route (enterprises, products, funding, leases, leads): a template,
/// a dry run that reports row by row what an import would do, the report as a workbook, the import itself
/// (in the background, with its progress), the history, and the revert of what an import created.
/// </summary>
public static class ImportsApi
{
    public static void MapImportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization();
        var upload = new RequestSizeLimitAttribute(SheetReader.MaxBytes + 64 * 1024);
        group.MapGet("/{kind}/template", TemplateAsync).WithName("ImportTemplate")
            .WithSummary("The template of a kind (.xlsx): Chinese headers, a sample row, drop-down lists for coded columns, a notes sheet on every column");
        group.MapPost("/{kind}/dry-run", DryRunAsync).WithName("ImportDryRun").WithMetadata(upload).Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Check a sheet (.xlsx or .csv, UTF-8 or GBK/GB18030; form field 'file') and report, row by row, what importing it would "
                + "create, update (which columns), leave unchanged or refuse (the column and the rule); mode create, update or upsert. Nothing is written.");
        group.MapPost("/{kind}/report", ReportAsync).WithName("ImportReport").WithMetadata(upload).Accepts<IFormFile>("multipart/form-data")
            .WithSummary("The dry run as a workbook: the uploaded sheet with 检查结果 and 错误原因 columns added, to correct and upload again");
        group.MapPost("/{kind}/commit", CommitAsync).WithName("Import").WithMetadata(upload).Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Import a sheet: each row that passes the dry run's checks is carried out through the grains' own rules and events, "
                + "attributed to you, all or nothing per row (a record changed since it was read is refused). Runs in the background: 202 with the "
                + "import (state running, processed so far, or done if it was quick); poll GET /api/imports/{id} for its progress and outcome");
        group.MapGet("/", ListAsync).WithName("ListImports").WithSummary("The imports recorded, newest first (optionally of one kind): who, when, which file, the counts, whether it can be reverted");
        group.MapGet("/{id}", GetAsync).WithName("GetImport")
            .WithSummary("A recorded import: who, when, which file, the mode, its progress, and each row's outcome (?items=false leaves the rows out, for polling progress)");
        group.MapPost("/{id}/revert", RevertAsync).WithName("RevertImport")
            .WithSummary("Revert what an import created, as a whole: only while nothing changed those records since (else 409 naming each one, and nothing is reverted)");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> TemplateAsync(string kind, ClaimsPrincipal user, ImportRunner runner)
    {
        if (Check(kind, user, runner, out var importKind) is { } problem)
        {
            return problem;
        }

        return TypedResults.File(await ImportTemplates.BuildAsync(importKind!), ListExport.XlsxType, $"{importKind!.Title}导入模板.xlsx");
    }

    public static async Task<Results<Ok<ImportReportDto>, ProblemHttpResult>> DryRunAsync(
        string kind, string? mode, HttpRequest request, ClaimsPrincipal user, ImportRunner runner)
    {
        var (upload, problem) = await ReadUploadAsync(kind, mode, request, user, runner);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return TypedResults.Ok((await runner.PlanAsync(upload!.Kind, upload.Name, upload.Content, upload.Mode, Caller(user))).Report);
        }
        catch (SheetRefusedException refused)
        {
            return Refused(refused);
        }
    }

    public static async Task<Results<Accepted<ImportReportDto>, ProblemHttpResult>> CommitAsync(
        string kind, string? mode, HttpRequest request, ClaimsPrincipal user, ImportRunner runner)
    {
        var (upload, problem) = await ReadUploadAsync(kind, mode, request, user, runner);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var started = await runner.StartAsync(upload!.Kind, upload.Name, upload.Content, upload.Mode, Caller(user), TimeSpan.FromSeconds(2));
            return TypedResults.Accepted($"/api/imports/{started.ImportId}", started);
        }
        catch (SheetRefusedException refused)
        {
            return Refused(refused);
        }
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReportAsync(
        string kind, string? mode, HttpRequest request, ClaimsPrincipal user, ImportRunner runner)
    {
        var (upload, problem) = await ReadUploadAsync(kind, mode, request, user, runner);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return TypedResults.File(await runner.ReportWorkbookAsync(upload!.Kind, upload.Name, upload.Content, upload.Mode, Caller(user)), ListExport.XlsxType, "检查结果.xlsx");
        }
        catch (SheetRefusedException refused)
        {
            return Refused(refused);
        }
    }

    public static async Task<Results<Ok<PagedList<ImportSummaryDto>>, ProblemHttpResult>> ListAsync(
        string? kind, int? page, int? pageSize, ClaimsPrincipal user, ImportRunner runner)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenImports);
        }

        var errors = new FieldErrors();
        if (kind is not null && runner.Find(kind) is null)
        {
            errors.Add("kind", Rule.OneOf(string.Join(", ", runner.Kinds)));
        }

        Paging.Check(errors, page, pageSize);
        if (errors.Any)
        {
            return Problems.InvalidProblem(errors.ToList());
        }

        return TypedResults.Ok(await runner.ListAsync(kind, page ?? 1, pageSize ?? Paging.DefaultPageSize));
    }

    public static async Task<Results<Ok<ImportReportDto>, ProblemHttpResult>> GetAsync(string id, bool? items, ClaimsPrincipal user, ImportRunner runner)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenImports);
        }

        return await runner.FindAsync(id, items ?? true) is { } report ? TypedResults.Ok(report) : Problems.NotFound(new Text(Messages.NotFoundImport, id));
    }

    public static async Task<Results<Ok<ImportRevertDto>, ProblemHttpResult>> RevertAsync(string id, ClaimsPrincipal user, ImportRunner runner)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenImports);
        }

        var (result, refused) = await runner.RevertAsync(id, user.ToActor());
        if (result is null)
        {
            return Problems.NotFound(new Text(Messages.NotFoundImport, id));
        }

        if (refused)
        {
            var listed = string.Join("；", result.Problems.Select(p => p.Column.Length == 0 ? p.Message : $"{p.Column}：{p.Message}"));
            return TypedResults.Problem(
                Messages.Get(Messages.ConflictImportRevert, id, listed), statusCode: StatusCodes.Status409Conflict, title: Messages.Get(Messages.TitleConflict),
                extensions: new Dictionary<string, object?> { ["problems"] = result.Problems });
        }

        return TypedResults.Ok(result);
    }

    private static ImportCaller Caller(ClaimsPrincipal user) =>
        new(user.ToActor(), user.FindFirstValue(ApiRoles.PersonIdClaim), user.FindFirstValue(ApiRoles.PersonNameClaim));

    private sealed record Upload(ImportKind Kind, string Name, byte[] Content, string Mode);

    private static ProblemHttpResult? Check(string kind, ClaimsPrincipal user, ImportRunner runner, out ImportKind? found)
    {
        found = runner.Find(kind);
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenImports);
        }

        return found is null ? Problems.InvalidProblem("kind", Rule.OneOf(string.Join(", ", runner.Kinds))) : null;
    }

    /// <summary>The uploaded file (form field "file") and the mode, checked.</summary>
    private static async Task<(Upload? Upload, ProblemHttpResult? Problem)> ReadUploadAsync(
        string kind, string? mode, HttpRequest request, ClaimsPrincipal user, ImportRunner runner)
    {
        if (Check(kind, user, runner, out var importKind) is { } problem)
        {
            return (null, problem);
        }

        var chosen = mode ?? "upsert";
        if (!ImportKind.Modes.Contains(chosen))
        {
            return (null, Problems.InvalidProblem("mode", Rule.OneOf(string.Join(", ", ImportKind.Modes))));
        }

        if (!request.HasFormContentType)
        {
            return (null, Problems.InvalidProblem("file", Rule.Required()));
        }

        var form = await request.ReadFormAsync();
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return (null, Problems.InvalidProblem("file", Rule.Required()));
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        return (new Upload(importKind!, file.FileName, buffer.ToArray(), chosen), null);
    }

    private static ProblemHttpResult Refused(SheetRefusedException refused) =>
        Problems.InvalidProblem("file", new Rule("SheetRefused", refused.Message, refused.Message));
}
