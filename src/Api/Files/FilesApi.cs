using System.Security.Claims;
using System.Security.Cryptography;
using CellValley.Api.Auth;
using CellValley.Api.Common;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace CellValley.Api.Files;

/// <summary>An evidence file: what it is attached to, its name, type (by content), size, checksum, and who uploaded it when.</summary>
public sealed record FileDto
{
    public string FileId { get; init; } = "";

    public string AttachedTo { get; init; } = "";

    public string Name { get; init; } = "";

    public string ContentType { get; init; } = "";

    public int SizeBytes { get; init; }

    public string Sha256 { get; init; } = "";

    public string? Note { get; init; }

    public string UploadedBy { get; init; } = "";

    public DateTimeOffset UploadedAt { get; init; }
}

/// <summary>An upload or download of a file: who, in which role, when.</summary>
public sealed record FileEventDto(string Action, string Actor, string Role, DateTimeOffset OccurredAt);

/// <summary>
/// Evidence files kept with the facts they support. A file is attached to a record — enterprise:{code}, recognition:{code}/{seq},
/// funding:{id}, product:{id}, lease:{id}, proposal:{id}, planreport:{plan}/{item}/{quarter} — and read only by who may read that
/// record; uploaded by who may change it. Stored in PostgreSQL with the facts (20 MB at most), typed by content.
/// </summary>
public static class FilesApi
{
    /// <summary>The records a file may be attached to.</summary>
    public static readonly string[] Kinds = ["enterprise", "recognition", "funding", "product", "lease", "proposal", "planreport"];

    public static void MapFilesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/files").WithTags("Files").RequireAuthorization().OpenToDepartments();
        group.MapPost("/", UploadAsync).WithMetadata(new RequestSizeLimitAttribute(FileContent.MaxBytes + 64 * 1024)).Accepts<IFormFile>("multipart/form-data")
            .WithName("UploadFile")
            .WithSummary("Attach an evidence file (multipart field file, optional note) to a record: ?attachTo=enterprise:{code} | recognition:{code}/{seq} | funding:{id} | "
                + "product:{id} | lease:{id} | proposal:{id} | planreport:{plan}/{item}/{quarter}. PDF, images or Office documents, judged by content; 20 MB at most");
        group.MapGet("/", ListAsync).WithName("ListFiles").WithSummary("The files attached to a record (?attachedTo=kind:ref), for who may read it");
        group.MapGet("/{id}", DownloadAsync).WithName("DownloadFile").WithSummary("Download a file (recorded in its history); 403 for who may not read its record");
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetFileHistory").WithSummary("Every upload and download of a file: who, in which role, when");
    }

    public static async Task<Results<Created<FileDto>, ProblemHttpResult>> UploadAsync(
        string? attachTo, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource dataSource)
    {
        var (target, problem) = await ResolveAsync(attachTo, "attachTo", dataSource);
        if (problem is not null)
        {
            return problem;
        }

        if (!MayAttach(user, target!))
        {
            return Problems.Forbidden(Messages.ForbiddenAttach);
        }

        if (!request.HasFormContentType || (await request.ReadFormAsync()).Files.GetFile("file") is not { Length: > 0 } file)
        {
            return Problems.InvalidProblem("file", Rule.Required());
        }

        if (file.Length > FileContent.MaxBytes)
        {
            return Problems.InvalidProblem("file", Rule.FileTooLarge((int)(FileContent.MaxBytes / 1024 / 1024)));
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var bytes = buffer.ToArray();
        var (contentType, found) = FileContent.Sniff(bytes);
        if (contentType is null)
        {
            return Problems.InvalidProblem("file", Rule.FileType(found));
        }

        var note = request.Form["note"].ToString();
        var errors = new FieldErrors();
        errors.MaxLength("note", note, 500);
        var name = Path.GetFileName(file.FileName).Trim();
        errors.MaxLength("file", name, 200);
        if (errors.Any)
        {
            return Problems.InvalidProblem(errors.ToList());
        }

        var id = "F" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var actor = user.ToActor();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var dto = await connection.QuerySingleAsync<FileDto>(
            """
            INSERT INTO cv_files (file_id, attached_kind, attached_ref, owner_code, owner_park, name, content_type, size_bytes, sha256, content, note, uploaded_by, uploaded_role)
            VALUES (@id, @Kind, @Ref, @Code, @Park, @name, @contentType, @size, @sha, @bytes, @note, @actor, @role)
            RETURNING file_id AS FileId, attached_kind || ':' || attached_ref AS AttachedTo, name, content_type AS ContentType, size_bytes AS SizeBytes,
                      sha256, note, uploaded_by AS UploadedBy, uploaded_at AS UploadedAt
            """,
            new
            {
                id, target!.Kind, target.Ref, target.Code, target.Park, name = name.Length == 0 ? id : name, contentType, size = bytes.Length,
                sha = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), bytes, note = note.Length == 0 ? null : note.Trim(),
                actor = actor.Name, role = actor.Role,
            }, transaction);
        await LogAsync(connection, transaction, id, "upload", actor);
        await transaction.CommitAsync();
        return TypedResults.Created($"/api/files/{id}", dto);
    }

    public static async Task<Results<Ok<IReadOnlyList<FileDto>>, ProblemHttpResult>> ListAsync(string? attachedTo, ClaimsPrincipal user, NpgsqlDataSource dataSource)
    {
        var (target, problem) = await ResolveAsync(attachedTo, "attachedTo", dataSource);
        if (problem is not null)
        {
            return problem;
        }

        if (!MayRead(user, target!))
        {
            return Problems.Forbidden(Messages.ForbiddenFiles);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<FileDto>(
            """
            SELECT file_id AS FileId, attached_kind || ':' || attached_ref AS AttachedTo, name, content_type AS ContentType, size_bytes AS SizeBytes,
                   sha256, note, uploaded_by AS UploadedBy, uploaded_at AS UploadedAt
              FROM cv_files WHERE attached_kind = @Kind AND attached_ref = @Ref ORDER BY uploaded_at, file_id
            """, new { target!.Kind, target.Ref });
        return TypedResults.Ok<IReadOnlyList<FileDto>>(rows.AsList());
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(string id, ClaimsPrincipal user, NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var file = await connection.QuerySingleOrDefaultAsync<(string Kind, string Ref, string? Code, string? Park, string Name, string ContentType, byte[] Content)?>(
            "SELECT attached_kind, attached_ref, owner_code, owner_park, name, content_type, content FROM cv_files WHERE file_id = @id", new { id });
        if (file is not { } f)
        {
            return Problems.NotFound(Messages.NotFoundFile, id);
        }

        if (!MayRead(user, new RegistryRecord(f.Kind, f.Ref, f.Code?.Trim(), f.Park, null)))
        {
            return Problems.Forbidden(Messages.ForbiddenFiles);
        }

        await LogAsync(connection, null, id, "download", user.ToActor());
        return TypedResults.File(f.Content, f.ContentType, f.Name);
    }

    public static async Task<Results<Ok<IReadOnlyList<FileEventDto>>, ProblemHttpResult>> HistoryAsync(string id, ClaimsPrincipal user, NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var file = await connection.QuerySingleOrDefaultAsync<(string Kind, string Ref, string? Code, string? Park)?>(
            "SELECT attached_kind, attached_ref, owner_code, owner_park FROM cv_files WHERE file_id = @id", new { id });
        if (file is not { } f)
        {
            return Problems.NotFound(Messages.NotFoundFile, id);
        }

        if (!MayRead(user, new RegistryRecord(f.Kind, f.Ref, f.Code?.Trim(), f.Park, null)))
        {
            return Problems.Forbidden(Messages.ForbiddenFiles);
        }

        var rows = await connection.QueryAsync<FileEventDto>(
            "SELECT action, actor, role, occurred_at AS OccurredAt FROM cv_file_events WHERE file_id = @id ORDER BY seq", new { id });
        return TypedResults.Ok<IReadOnlyList<FileEventDto>>(rows.AsList());
    }

    private static Task LogAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id, string action, Actor actor) =>
        connection.ExecuteAsync("INSERT INTO cv_file_events (file_id, action, actor, role) VALUES (@id, @action, @name, @role)",
            new { id, action, name = actor.Name, role = actor.Role }, transaction);

    /// <summary>The record "kind:ref" names, if the registry holds it; else the 400 naming the field.</summary>
    public static async Task<(RegistryRecord? Target, ProblemHttpResult? Problem)> ResolveAsync(string? text, string field, NpgsqlDataSource dataSource)
    {
        if (!RegistryRecords.TryParse(text, Kinds, out var kind, out var reference))
        {
            return (null, Problems.InvalidProblem(field, Rule.EvidenceKind(string.Join(", ", Kinds))));
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        return await RegistryRecords.FindAsync(connection, kind, reference) is { } found
            ? (found, null)
            : (null, Problems.InvalidProblem(field, Rule.EvidenceUnknown(text!)));
    }

    private static bool MayRead(ClaimsPrincipal user, RegistryRecord target) => target.Kind switch
    {
        "lease" => user.CanSeeLeases(target.Park!),
        "planreport" => user.CanReadPlans(),
        _ => target.Code is { } code && user.ReadsEnterpriseInFull(code),
    };

    private static bool MayAttach(ClaimsPrincipal user, RegistryRecord target) => target.Kind switch
    {
        "lease" => user.CanManagePark(target.Park!),
        "planreport" => user.IsStaff() || (target.Department is { } department && user.DepartmentOf() == department),
        _ => target.Code is { } code && user.CanEditEnterprise(code),
    };
}
