using System.Security.Claims;
using CellValley.Api.Auth;
using CellValley.Api.Errors;
using CellValley.Api.Export;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Orleans;
using CellValley.Grains.Taxonomy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using MiniExcelLibs;

namespace CellValley.Api.Imports;

/// <summary>Rosters from spreadsheets: a template per kind, and a dry run that reports, row by row, what an import would do.</summary>
public static class ImportsApi
{
    public static void MapImportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization();
        group.MapGet("/enterprises/template", Template).WithName("EnterpriseImportTemplate")
            .WithSummary("The enterprise roster template (.xlsx): Chinese headers, a sample row, notes on every column, the segments to choose from");
        group.MapPost("/enterprises/dry-run", DryRunAsync).WithName("EnterpriseImportDryRun")
            .WithMetadata(new RequestSizeLimitAttribute(SheetReader.MaxBytes + 64 * 1024))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Check an enterprise roster (.xlsx or .csv, UTF-8 or GBK/GB18030; field 'file') and report, row by row, what importing it would "
                + "create, update (which columns), leave unchanged or refuse (the column and the rule); mode create, update or upsert. Nothing is written.");
        group.MapPost("/enterprises", CommitAsync).WithName("EnterpriseImport")
            .WithMetadata(new RequestSizeLimitAttribute(SheetReader.MaxBytes + 64 * 1024))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("Import an enterprise roster: each row that passes the dry run's checks is registered or updated through the enterprise's own "
                + "rules and events, attributed to you, all or nothing per row (a record changed since it was read is refused); the import is recorded");
        group.MapPost("/enterprises/report", ReportAsync).WithName("EnterpriseImportReport")
            .WithMetadata(new RequestSizeLimitAttribute(SheetReader.MaxBytes + 64 * 1024))
            .Accepts<IFormFile>("multipart/form-data")
            .WithSummary("The dry run as a workbook: the uploaded sheet with 检查结果 and 错误原因 columns added, to correct and upload again");
        group.MapGet("/{id}", GetAsync).WithName("GetImport").WithSummary("A recorded import: who, when, which file, the mode, and each row's outcome");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Template(ClaimsPrincipal user, ClusterTaxonomy taxonomy)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenImports);
        }

        var columns = EnterpriseImportPlanner.Columns;
        var sheets = new Dictionary<string, object>
        {
            ["企业名录"] = new[] { columns.ToDictionary(c => (c.Required ? "*" : "") + c.Header, c => (object?)c.Sample) },
            ["填写说明"] = columns.Select(c => new Dictionary<string, object?> { ["列"] = c.Header, ["必填"] = c.Required ? "是" : "否", ["说明"] = c.Note })
                .Append(new Dictionary<string, object?> { ["列"] = "（示例行）", ["必填"] = "", ["说明"] = "“企业名录”表第 2 行是填写示例，导入时不会被导入；请删除或改写为真实企业" })
                .ToArray(),
            ["细分领域"] = taxonomy.Segments.Select(s => new Dictionary<string, object?> { ["细分领域"] = s.Name, ["产业链"] = s.Chain }).ToArray(),
        };
        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets);
        return TypedResults.File(stream.ToArray(), ListExport.XlsxType, "企业名录导入模板.xlsx");
    }

    public static async Task<Results<Ok<ImportReportDto>, ProblemHttpResult>> DryRunAsync(
        string? mode, HttpRequest request, ClaimsPrincipal user, EnterpriseImportPlanner planner)
    {
        var (upload, problem) = await ReadUploadAsync(mode, request, user);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return TypedResults.Ok(await planner.DryRunAsync(upload!.Name, upload.Content, upload.Mode));
        }
        catch (SheetRefusedException refused)
        {
            return Refused(refused);
        }
    }

    public static async Task<Results<Ok<ImportReportDto>, ProblemHttpResult>> CommitAsync(
        string? mode, HttpRequest request, ClaimsPrincipal user, EnterpriseImportPlanner planner, IGrainFactory grains)
    {
        var (upload, problem) = await ReadUploadAsync(mode, request, user);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return TypedResults.Ok(await planner.CommitAsync(upload!.Name, upload.Content, upload.Mode, user.ToActor(), grains));
        }
        catch (SheetRefusedException refused)
        {
            return Refused(refused);
        }
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReportAsync(
        string? mode, HttpRequest request, ClaimsPrincipal user, EnterpriseImportPlanner planner)
    {
        var (upload, problem) = await ReadUploadAsync(mode, request, user);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return TypedResults.File(await planner.ReportWorkbookAsync(upload!.Name, upload.Content, upload.Mode), ListExport.XlsxType, "检查结果.xlsx");
        }
        catch (SheetRefusedException refused)
        {
            return Refused(refused);
        }
    }

    public static async Task<Results<Ok<ImportReportDto>, ProblemHttpResult>> GetAsync(string id, ClaimsPrincipal user, EnterpriseImportPlanner planner)
    {
        if (!user.IsStaff())
        {
            return Problems.Forbidden(Messages.ForbiddenImports);
        }

        return await planner.FindAsync(id) is { } report ? TypedResults.Ok(report) : Problems.NotFound(new Text(Messages.NotFoundImport, id));
    }

    private sealed record Upload(string Name, byte[] Content, string Mode);

    /// <summary>The uploaded file (form field "file") and the mode, checked.</summary>
    private static async Task<(Upload? Upload, ProblemHttpResult? Problem)> ReadUploadAsync(string? mode, HttpRequest request, ClaimsPrincipal user)
    {
        if (!user.IsStaff())
        {
            return (null, Problems.Forbidden(Messages.ForbiddenImports));
        }

        var chosen = mode ?? "upsert";
        if (!EnterpriseImportPlanner.Modes.Contains(chosen))
        {
            return (null, Problems.InvalidProblem("mode", Rule.OneOf(string.Join(", ", EnterpriseImportPlanner.Modes))));
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
        return (new Upload(file.FileName, buffer.ToArray(), chosen), null);
    }

    private static ProblemHttpResult Refused(SheetRefusedException refused) =>
        Problems.InvalidProblem("file", new Rule("SheetRefused", refused.Message, refused.Message));
}
