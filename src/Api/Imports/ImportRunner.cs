using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using CellValley.Api.Common;
using CellValley.Grains.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CellValley.Api.Imports;

public sealed record ImportProblemDto(string Column, string Message);

/// <summary>
/// One row of an import report: row is the sheet's row number (the header is row 1; sheet names a companion
/// sheet of the workbook, null the main one); outcome is created,
/// updated (changes names the columns whose values would change), unchanged or refused (problems names
/// the column and the rule, in Chinese).
/// </summary>
public sealed record ImportRowDto(int Row, string? Key, string Outcome, IReadOnlyList<string> Changes, IReadOnlyList<ImportProblemDto> Problems, string? Sheet = null);

public sealed record ImportCountsDto(int Created, int Updated, int Unchanged, int Refused);

/// <summary>
/// What an import would do (a dry run: nothing written) or is doing / did (importId names its record; state is
/// running, done or interrupted, processed how many rows were carried out so far), row by row.
/// </summary>
public sealed record ImportReportDto(
    string Kind, string Mode, bool DryRun, string FileName, string Sha256, string Encoding, int Rows, ImportCountsDto Counts, IReadOnlyList<ImportRowDto> Items,
    string? ImportId = null, string? Actor = null, DateTimeOffset? FinishedAt = null,
    string? State = null, int Processed = 0, DateTimeOffset? StartedAt = null, bool Revertible = false, DateTimeOffset? RevertedAt = null, string? RevertedBy = null);

/// <summary>A recorded import in the history list (without its rows).</summary>
public sealed record ImportSummaryDto(
    string ImportId, string Kind, string Mode, string FileName, string Actor, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string State,
    int Rows, int Processed, ImportCountsDto Counts, bool Revertible, DateTimeOffset? RevertedAt, string? RevertedBy);

/// <summary>A revert: how many created records it withdrew, or (409) each one that stands in its way.</summary>
public sealed record ImportRevertDto(string ImportId, int Reverted, IReadOnlyList<ImportProblemDto> Problems);

/// <summary>
/// Runs imports of every kind: the dry run (nothing written), the report workbook, the commit — carried
/// out in the background with its progress kept in cv_imports, so the person keeps working and any node
/// can answer how far it got — the history, and the revert of what a commit created.
/// </summary>
public sealed class ImportRunner(
    IEnumerable<ImportKind> kinds, NpgsqlDataSource dataSource, TimeProvider clock, ILogger<ImportRunner> logger)
{
    /// <summary>How often a running import records its progress.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    /// <summary>A running import whose heartbeat is older than this was cut off (its process stopped); generous, as a busy machine delays beats.</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, ImportKind> _kinds = kinds.ToDictionary(k => k.Kind);
    private readonly ConcurrentDictionary<string, Task> _running = new();

    public IReadOnlyCollection<string> Kinds => _kinds.Keys;

    public ImportKind? Find(string kind) => _kinds.GetValueOrDefault(kind);

    public async Task<(ImportReportDto Report, IReadOnlyList<PlannedRow> Planned, Sheet Sheet)> PlanAsync(
        ImportKind kind, string fileName, byte[] content, string mode, ImportCaller caller)
    {
        var names = SheetReader.SheetNames(fileName, content);
        var main = names.Contains(kind.Title) ? kind.Title : names.FirstOrDefault();
        var sheet = SheetReader.Read(fileName, content, main);
        var planned = (await kind.PlanAsync(new ImportSheet(sheet, kind.Columns), mode, caller)).ToList();
        foreach (var companion in kind.Companions.Select(k => _kinds[k]).Where(k => k.Title != main && names.Contains(k.Title)))
        {
            var owners = planned.Where(p => p.Collect is not null && p.Row.Key is not null).ToDictionary(p => p.Row.Key!);
            var rows = await companion.PlanAsync(
                new ImportSheet(SheetReader.Read(fileName, content, companion.Title), companion.Columns), mode, caller with { Creating = owners.Keys.ToHashSet() });
            foreach (var row in rows)
            {
                if (row.Part is not null && row.Owner is not null)
                {
                    owners[row.Owner].Collect!(row.Part);
                }

                planned.Add(row with { Row = row.Row with { Sheet = companion.Title } });
            }
        }

        var items = planned.Select(p => p.Row).ToArray();
        var report = new ImportReportDto(kind.Kind, mode, true, fileName, Convert.ToHexStringLower(SHA256.HashData(content)), sheet.Encoding, items.Length, Count(items), items);
        return (report, planned, sheet);
    }

    /// <summary>
    /// The uploaded sheet as it was read, with two columns added — 检查结果 and 错误原因 (each refused column and its rule,
    /// or the columns an update would change) — to correct and upload again.
    /// </summary>
    public async Task<byte[]> ReportWorkbookAsync(ImportKind kind, string fileName, byte[] content, string mode, ImportCaller caller)
    {
        var (report, _, sheet) = await PlanAsync(kind, fileName, content, mode, caller);
        // The main sheet, then each companion sheet of the workbook the import read, each with its rows' results.
        var sheets = new Dictionary<string, object>();
        var companions = report.Items.Select(i => i.Sheet).OfType<string>().Distinct().ToArray();
        sheets[companions.Length == 0 ? "检查结果" : kind.Title] = Checked(sheet, report.Items.Where(i => i.Sheet is null).ToArray());
        foreach (var title in companions)
        {
            sheets[title] = Checked(SheetReader.Read(fileName, content, title), report.Items.Where(i => i.Sheet == title).ToArray());
        }

        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, sheets);
        return stream.ToArray();
    }

    private static List<Dictionary<string, object?>> Checked(Sheet sheet, IReadOnlyList<ImportRowDto> items)
    {
        var outcomes = new Dictionary<string, string> { ["created"] = "新增", ["updated"] = "更新", ["unchanged"] = "无变化", ["refused"] = "未通过" };
        var headers = sheet.Headers.Select((h, i) => string.IsNullOrWhiteSpace(h) ? $"第{i + 1}列" : h).ToArray();
        var rows = sheet.Rows.Select((row, i) =>
        {
            var item = items[i];
            var cells = new Dictionary<string, object?>();
            for (var c = 0; c < headers.Length; c++)
            {
                cells.TryAdd(headers[c], row[c]);
            }

            cells["检查结果"] = outcomes.GetValueOrDefault(item.Outcome, item.Outcome);
            cells["错误原因"] = item.Problems.Count > 0 ? string.Join("；", item.Problems.Select(p => $"{p.Column}：{p.Message}"))
                : item.Changes.Count > 0 ? "将更新：" + string.Join("、", item.Changes) : null;
            return cells;
        }).ToList();
        if (rows.Count == 0)
        {
            rows.Add(headers.Append("检查结果").Append("错误原因").Distinct().ToDictionary(h => h, _ => (object?)null));
        }

        return rows;
    }

    /// <summary>
    /// Checks the file as a dry run does, records the import as running and carries out, in the background, each
    /// row that passed — through the grains, the same rules and events as the API, attributed to the importing
    /// person, each row all or nothing (a record changed since it was read is refused, not overwritten). Answers
    /// the import as it stands after at most <paramref name="wait"/>: done if it was quick, else running.
    /// </summary>
    public async Task<ImportReportDto> StartAsync(ImportKind kind, string fileName, byte[] content, string mode, ImportCaller caller, TimeSpan wait)
    {
        var actor = caller.Actor;
        var started = clock.GetUtcNow();
        var (report, planned, _) = await PlanAsync(kind, fileName, content, mode, caller);
        var id = "I" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
        var running = report with { DryRun = false, ImportId = id, Actor = actor.Name, State = "running", StartedAt = started, Revertible = kind.Revertible };
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO cv_imports (import_id, kind, mode, file_name, sha256, actor, started_at, finished_at, created, updated, unchanged, refused,
                                        created_keys, report, state, total, processed, heartbeat_at)
                VALUES (@id, @kind, @mode, @fileName, @sha, @actor, @started, NULL, 0, 0, 0, @refused, '{}', @report::jsonb, 'running', @total, 0, @started)
                """,
                new
                {
                    id, kind = kind.Kind, mode, fileName, sha = report.Sha256, actor = actor.Name, started, refused = report.Counts.Refused,
                    report = JsonSerializer.Serialize(running, ReportJson), total = planned.Count,
                });
        }

        var work = Task.Run(() => CarryOutAsync(running, planned, actor, kind.Parallelism), CancellationToken.None);
        _running[id] = work;
        _ = work.ContinueWith(_ => _running.TryRemove(id, out Task? _), TaskScheduler.Default);
        await Task.WhenAny(work, Task.Delay(wait));
        return await FindAsync(id) ?? running;
    }

    /// <summary>Waits for the imports this process is running (tests, shutdown).</summary>
    public Task DrainAsync() => Task.WhenAll(_running.Values);

    private async Task CarryOutAsync(ImportReportDto report, IReadOnlyList<PlannedRow> planned, Actor actor, int parallelism)
    {
        var done = new AppliedRow[planned.Count];
        var processed = 0;
        using var beat = new CancellationTokenSource();
        var heartbeat = Task.Run(async () =>
        {
            while (!beat.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(Heartbeat, beat.Token);
                    await using var connection = await dataSource.OpenConnectionAsync(CancellationToken.None);
                    await connection.ExecuteAsync(
                        "UPDATE cv_imports SET processed = @processed, heartbeat_at = now() WHERE import_id = @id AND state = 'running'",
                        new { id = report.ImportId, processed = Volatile.Read(ref processed) });
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (NpgsqlException ex)
                {
                    logger.LogWarning(ex, "Import {Id}: progress not recorded", report.ImportId);
                }
            }
        });
        try
        {
            // The main sheet first, then its companion sheets (whose rows may need what it created); a companion
            // row written with its enterprise ends as that enterprise's row did.
            var owners = new Dictionary<string, ImportRowDto>();
            foreach (var phase in Enumerable.Range(0, planned.Count).GroupBy(i => planned[i].Row.Sheet is null ? 0 : 1).OrderBy(g => g.Key))
            {
                // Rows writing to the same record go in the sheet's order (the first of two grants under one cap wins), others side by side.
                var sequences = phase.GroupBy(i => planned[i].Order ?? $"#{i}").Select(g => g.ToArray()).ToArray();
                await Parallel.ForEachAsync(sequences, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (sequence, _) =>
                {
                    foreach (var i in sequence)
                    {
                        var plan = planned[i];
                        done[i] = plan.Apply is not null ? await plan.Apply(actor)
                            : plan.Owner is not null && owners.GetValueOrDefault(plan.Owner) is { Outcome: not "created" } owner
                                ? new AppliedRow(plan.Row with { Outcome = "refused", Changes = [], Problems = [new("统一社会信用代码", $"所属企业未能导入（见主表第 {owner.Row} 行）")] })
                                : new AppliedRow(plan.Row);
                        done[i] = done[i] with { Row = done[i].Row with { Sheet = plan.Row.Sheet } };
                        Interlocked.Increment(ref processed);
                    }
                });
                if (phase.Key == 0)
                {
                    foreach (var i in phase.Where(i => done[i].Row.Key is not null))
                    {
                        owners.TryAdd(done[i].Row.Key!, done[i].Row);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // A row that could not be carried out at all (the cluster going away): the rows done are kept and
            // reported, the rest marked as not imported.
            logger.LogError(ex, "Import {Id} stopped", report.ImportId);
            for (var i = 0; i < done.Length; i++)
            {
                done[i] ??= new AppliedRow(planned[i].Row with { Outcome = "refused", Changes = [], Problems = [new("", "导入中断，本行未导入，请重新导入")] });
            }
        }
        finally
        {
            await beat.CancelAsync();
            await heartbeat;
        }

        var items = done.Select(d => d.Row).ToArray();
        var counts = Count(items);
        Grains.Common.RegistryMetrics.ImportRows.Add(items.Count(i => i.Outcome is not "refused"), new KeyValuePair<string, object?>("kind", report.Kind));
        var finished = clock.GetUtcNow();
        var result = report with { Counts = counts, Items = items, FinishedAt = finished, State = "done", Processed = items.Length };
        var created = done.Where(d => d.Created is not null)
            .Select(d => d.Created! with { Kind = d.Row.Sheet is { } sheet ? _kinds.Values.First(k => k.Title == sheet).Kind : report.Kind })
            .ToArray();
        await using var write = await dataSource.OpenConnectionAsync();
        await write.ExecuteAsync(
            """
            UPDATE cv_imports SET state = 'done', finished_at = @finished, processed = @processed, heartbeat_at = now(),
                   created = @created, updated = @updated, unchanged = @unchanged, refused = @refused,
                   created_keys = @keys, created_records = @records::jsonb, report = @report::jsonb
             WHERE import_id = @id
            """,
            new
            {
                id = report.ImportId, finished, processed = items.Length, created = counts.Created, updated = counts.Updated, unchanged = counts.Unchanged,
                refused = counts.Refused, keys = created.Select(c => c.Key ?? c.Ref).ToArray(),
                records = JsonSerializer.Serialize(created, ReportJson), report = JsonSerializer.Serialize(result, ReportJson),
            });
    }

    private const string SummarySql = """
        SELECT import_id, kind, mode, file_name, actor, started_at, finished_at,
               CASE WHEN state = 'running' AND heartbeat_at < now() - make_interval(secs => @stale) THEN 'interrupted' ELSE state END AS state,
               total, processed, created, updated, unchanged, refused, reverted_at, reverted_by
          FROM cv_imports
        """;

    private sealed record SummaryRow(
        string import_id, string kind, string mode, string file_name, string actor, DateTime started_at, DateTime? finished_at, string state,
        int total, int processed, int created, int updated, int unchanged, int refused, DateTime? reverted_at, string? reverted_by);

    /// <summary>A recorded import with its rows: as planned while it runs, as carried out once done.</summary>
    public async Task<ImportReportDto?> FindAsync(string id, bool withItems = true)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<SummaryRow>(SummarySql + " WHERE import_id = @id", new { id, stale = Stale.TotalSeconds });
        if (row is null)
        {
            return null;
        }

        // Without its rows (progress polling of a long import), the report is read without them from the database.
        var json = await connection.ExecuteScalarAsync<string>(
            withItems ? "SELECT report::text FROM cv_imports WHERE import_id = @id" : "SELECT (report - 'items')::text FROM cv_imports WHERE import_id = @id", new { id });
        var report = JsonSerializer.Deserialize<ImportReportDto>(json!, ReportJson)!;
        report = report with { Items = report.Items ?? [] };
        var summary = Summary(row);
        return report with
        {
            State = summary.State, Processed = summary.Processed, StartedAt = summary.StartedAt, FinishedAt = summary.FinishedAt,
            Revertible = summary.Revertible, RevertedAt = summary.RevertedAt, RevertedBy = summary.RevertedBy,
        };
    }

    public async Task<PagedList<ImportSummaryDto>> ListAsync(string? kind, int page, int pageSize)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var args = new { kind, stale = Stale.TotalSeconds, limit = pageSize, offset = (page - 1) * pageSize };
        var rows = await connection.QueryAsync<SummaryRow>(
            SummarySql + " WHERE (@kind::text IS NULL OR kind = @kind) ORDER BY started_at DESC, import_id LIMIT @limit OFFSET @offset", args);
        var total = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM cv_imports WHERE (@kind::text IS NULL OR kind = @kind)", args);
        return new PagedList<ImportSummaryDto>(rows.Select(Summary).ToArray(), total, page, pageSize);
    }

    private ImportSummaryDto Summary(SummaryRow r) => new(
        r.import_id, r.kind, r.mode, r.file_name, r.actor, Utc(r.started_at), r.finished_at is { } f ? Utc(f) : null, r.state, r.total, r.processed,
        new ImportCountsDto(r.created, r.updated, r.unchanged, r.refused),
        _kinds.GetValueOrDefault(r.kind)?.Revertible == true && r.state == "done" && r.reverted_at is null && r.created > 0,
        r.reverted_at is { } at ? Utc(at) : null, r.reverted_by);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>
    /// Reverts what an import created, as a whole: only if every created record is as the import left it (else
    /// nothing is reverted and each record in the way is named); null when there is no such import.
    /// </summary>
    public async Task<(ImportRevertDto? Result, bool Refused)> RevertAsync(string id, Actor actor)
    {
        var report = await FindAsync(id);
        if (report is null)
        {
            return (null, false);
        }

        var kind = _kinds.GetValueOrDefault(report.Kind);
        string? why = report switch
        {
            { RevertedAt: not null } => "该次导入已撤销",
            { State: not "done" } => "导入尚未完成，完成后才能撤销",
            _ when kind is not { Revertible: true } => "本类导入不支持撤销",
            { Counts.Created: 0 } => "该次导入没有新增记录",
            _ => null,
        };
        if (why is not null)
        {
            return (new ImportRevertDto(id, 0, [new("", why)]), true);
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        var records = JsonSerializer.Deserialize<CreatedRecord[]>(
            await connection.ExecuteScalarAsync<string>("SELECT created_records::text FROM cv_imports WHERE import_id = @id", new { id }) ?? "[]", ReportJson)!;
        // A companion sheet's records first (a product of a registered enterprise), then the import's own.
        records = records.OrderBy(r => r.Kind == report.Kind ? 1 : 0).ToArray();
        ImportKind KindOf(CreatedRecord record) => _kinds[record.Kind ?? report.Kind];
        var problems = new List<ImportProblemDto>();
        foreach (var record in records)
        {
            if (await KindOf(record).CheckRevertAsync(record) is { } problem)
            {
                problems.Add(new ImportProblemDto(record.Key ?? record.Ref, problem));
            }
        }

        if (problems.Count > 0)
        {
            return (new ImportRevertDto(id, 0, problems), true);
        }

        var reason = $"撤销导入 {id}（{report.FileName}）";
        var reverted = 0;
        foreach (var record in records)
        {
            if (await KindOf(record).RevertAsync(record, reason, actor) is { } problem)
            {
                problems.Add(new ImportProblemDto(record.Key ?? record.Ref, problem));
            }
            else
            {
                reverted++;
            }
        }

        await connection.ExecuteAsync(
            "UPDATE cv_imports SET reverted_at = @at, reverted_by = @by WHERE import_id = @id AND reverted_at IS NULL",
            new { id, at = clock.GetUtcNow(), by = actor.Name });
        return (new ImportRevertDto(id, reverted, problems), false);
    }

    public static ImportCountsDto Count(IReadOnlyList<ImportRowDto> items) => new(
        items.Count(i => i.Outcome == "created"), items.Count(i => i.Outcome == "updated"), items.Count(i => i.Outcome == "unchanged"), items.Count(i => i.Outcome == "refused"));
}

/// <summary>
/// On a graceful stop, lets the imports this process runs finish (within the host's shutdown time) before any service
/// stops — the silo among them, whose grains carry the rows out.
/// </summary>
public sealed class ImportDrain(ImportRunner runner) : Microsoft.Extensions.Hosting.IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await runner.DrainAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of shutdown time: what is left shows as interrupted, and the same file again finishes it.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
