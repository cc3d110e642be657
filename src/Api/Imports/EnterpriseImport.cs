using System.Security.Cryptography;
using CellValley.Api.Common;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Taxonomy;
using Dapper;
using Orleans;
using Npgsql;

namespace CellValley.Api.Imports;

public sealed record ImportProblemDto(string Column, string Message);

/// <summary>
/// One row of an import report: row is the sheet's row number (the header is row 1); outcome is created,
/// updated (changes names the columns whose values would change), unchanged or refused (problems names
/// the column and the rule, in Chinese).
/// </summary>
public sealed record ImportRowDto(int Row, string? Key, string Outcome, IReadOnlyList<string> Changes, IReadOnlyList<ImportProblemDto> Problems);

public sealed record ImportCountsDto(int Created, int Updated, int Unchanged, int Refused);

/// <summary>What an import would do (a dry run: nothing written) or did (importId names the record of it), row by row.</summary>
public sealed record ImportReportDto(
    string Kind, string Mode, bool DryRun, string FileName, string Sha256, string Encoding, int Rows, ImportCountsDto Counts, IReadOnlyList<ImportRowDto> Items,
    string? ImportId = null, string? Actor = null, DateTimeOffset? FinishedAt = null);

/// <summary>A template column: its header, whether it is required, and what it takes.</summary>
public sealed record TemplateColumn(string Header, bool Required, string Note, string Sample);

/// <summary>
/// The enterprise roster (企业名录): its template, and the check of an uploaded roster against the registry
/// and the grain's own profile rules (EnterpriseRules), matching rows on the credit code.
/// </summary>
public sealed class EnterpriseImportPlanner(NpgsqlDataSource dataSource, ClusterTaxonomy taxonomy, TimeProvider clock)
{
    public static readonly string[] Modes = ["create", "update", "upsert"];

    /// <summary>The template's sample row names this company; a row still naming it is refused, never imported.</summary>
    public const string SampleName = "（示例，导入前请删除此行）天津示例细胞科技有限公司";

    public static readonly IReadOnlyList<TemplateColumn> Columns =
    [
        new("统一社会信用代码", true, "18 位，全角、空格和小写会自动规范", "91120116MA05KX4H34"),
        new("企业名称", true, "工商登记名称", SampleName),
        new("英文名称", false, "", "Tianjin Example Cell Technology Co., Ltd."),
        new("细分领域", true, "一个或多个，用、分隔；取值见“细分领域”列表", "细胞治疗、干细胞"),
        new("成立日期", false, "2025-03-01、2025/3/1 或 2025年3月1日", "2019-03-01"),
        new("所在区", false, "", "滨海新区"),
        new("从业人数", false, "整数", "120"),
        new("营业收入（万元）", false, "上一财务年度，万元（表头写“（元）”则按元）", "3500"),
        new("研发投入（万元）", false, "上一财务年度，万元", "800"),
        new("财务年度", false, "营业收入和研发投入所属年度", "2025"),
    ];

    // The grain's field names, by the column that carries them (for its field errors).
    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["name"] = "企业名称", ["nameEn"] = "英文名称", ["segments"] = "细分领域", ["foundedOn"] = "成立日期", ["district"] = "所在区",
        ["headcount"] = "从业人数", ["revenueYuan"] = "营业收入（万元）", ["rdSpendYuan"] = "研发投入（万元）", ["financialYear"] = "财务年度",
    };

    private sealed record Existing
    {
        public string CreditCode { get; init; } = "";
        public string Name { get; init; } = "";
        public string? NameEn { get; init; }
        public string[] Segments { get; init; } = [];
        public DateOnly? FoundedOn { get; init; }
        public string? District { get; init; }
        public int? Headcount { get; init; }
        public decimal? RevenueYuan { get; init; }
        public decimal? RdSpendYuan { get; init; }
        public int? FinancialYear { get; init; }
        public string Status { get; init; } = "";
        public int Version { get; init; }
    }

    /// <summary>A checked row and what committing it means: the profile to register, or the changes to make at the version read.</summary>
    private sealed record Planned(ImportRowDto Row, EnterpriseProfile? Profile, ProfileChanges? Changes, int? Version);

    public async Task<ImportReportDto> DryRunAsync(string fileName, byte[] content, string mode) => (await PlanAsync(fileName, content, mode)).Report;

    /// <summary>
    /// The uploaded sheet as it was read, with two columns added — 检查结果 and 错误原因 (each refused column and its rule,
    /// or the columns an update would change) — to correct and upload again.
    /// </summary>
    public async Task<byte[]> ReportWorkbookAsync(string fileName, byte[] content, string mode)
    {
        var (report, _, sheet) = await PlanAsync(fileName, content, mode);
        var outcomes = new Dictionary<string, string> { ["created"] = "新增", ["updated"] = "更新", ["unchanged"] = "无变化", ["refused"] = "未通过" };
        var headers = sheet.Headers.Select((h, i) => string.IsNullOrWhiteSpace(h) ? $"第{i + 1}列" : h).ToArray();
        var rows = sheet.Rows.Select((row, i) =>
        {
            var item = report.Items[i];
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

        using var stream = new MemoryStream();
        await MiniExcelLibs.MiniExcel.SaveAsAsync(stream, rows, sheetName: "检查结果");
        return stream.ToArray();
    }

    /// <summary>
    /// Checks the file as a dry run does, then carries out each row that passed through the enterprise's grain —
    /// the same rules and events as the API, attributed to the importing person; each row all or nothing (a
    /// record changed since it was read is refused, not overwritten) — and records the import.
    /// </summary>
    public async Task<ImportReportDto> CommitAsync(string fileName, byte[] content, string mode, Actor actor, IGrainFactory grains)
    {
        var started = clock.GetUtcNow();
        var (report, planned, _) = await PlanAsync(fileName, content, mode);
        var done = new ImportRowDto[planned.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, planned.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            done[i] = await ApplyAsync(planned[i], actor, grains);
        });
        var counts = Count(done);
        var id = "I" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5));
        var finished = clock.GetUtcNow();
        var result = report with { DryRun = false, Counts = counts, Items = done, ImportId = id, Actor = actor.Name, FinishedAt = finished };
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            INSERT INTO cv_imports (import_id, kind, mode, file_name, sha256, actor, started_at, finished_at, created, updated, unchanged, refused, created_keys, report)
            VALUES (@id, 'enterprises', @mode, @fileName, @sha, @actor, @started, @finished, @created, @updated, @unchanged, @refused, @keys, @report::jsonb)
            """,
            new
            {
                id, mode, fileName, sha = report.Sha256, actor = actor.Name, started, finished, created = counts.Created, updated = counts.Updated,
                unchanged = counts.Unchanged, refused = counts.Refused, keys = done.Where(r => r.Outcome == "created").Select(r => r.Key!).ToArray(),
                report = System.Text.Json.JsonSerializer.Serialize(result, ReportJson),
            });
        return result;
    }

    /// <summary>A committed import, as recorded.</summary>
    public async Task<ImportReportDto?> FindAsync(string id)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var json = await connection.ExecuteScalarAsync<string?>("SELECT report::text FROM cv_imports WHERE import_id = @id", new { id });
        return json is null ? null : System.Text.Json.JsonSerializer.Deserialize<ImportReportDto>(json, ReportJson);
    }

    private static readonly System.Text.Json.JsonSerializerOptions ReportJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static async Task<ImportRowDto> ApplyAsync(Planned plan, Actor actor, IGrainFactory grains)
    {
        var row = plan.Row;
        if (row.Outcome is not ("created" or "updated"))
        {
            return row;
        }

        var grain = grains.GetGrain<IEnterpriseGrain>(EnterpriseKey.For(row.Key!));
        var outcome = row.Outcome == "created"
            ? await grain.RegisterAsync(plan.Profile!, actor)
            : await grain.UpdateProfileAsync(plan.Changes!, plan.Version, actor);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => row,
            OutcomeKind.AlreadyExists => row with { Outcome = "refused", Changes = [], Problems = [new("统一社会信用代码", "检查后已由他人登记，本行未导入")] },
            OutcomeKind.VersionMismatch => row with { Outcome = "refused", Changes = [], Problems = [new("统一社会信用代码", "检查后该企业已被他人修改，本行未导入，请重新检查")] },
            _ => row with
            {
                Outcome = "refused", Changes = [],
                Problems = outcome.Errors.Select(e => new ImportProblemDto(ColumnOf(e.Field), Messages.Rule(e))).DefaultIfEmpty(new("统一社会信用代码", "未能导入")).ToArray(),
            },
        };
    }

    private static ImportCountsDto Count(IReadOnlyList<ImportRowDto> items) => new(
        items.Count(i => i.Outcome == "created"), items.Count(i => i.Outcome == "updated"), items.Count(i => i.Outcome == "unchanged"), items.Count(i => i.Outcome == "refused"));

    private async Task<(ImportReportDto Report, IReadOnlyList<Planned> Planned, Sheet Sheet)> PlanAsync(string fileName, byte[] content, string mode)
    {
        var sheet = SheetReader.Read(fileName, content);
        var columns = Locate(sheet.Headers);
        var codes = sheet.Rows.Select(r => columns.TryGetValue("统一社会信用代码", out var i) && r[i] is { } c ? Cells.Code(c) : "").Where(c => c.Length > 0).Distinct().ToArray();
        Dictionary<string, Existing> existing;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            existing = (await connection.QueryAsync<Existing>(
                """
                SELECT credit_code AS CreditCode, name, name_en AS NameEn, segments, founded_on AS FoundedOn, district, headcount,
                       revenue_yuan AS RevenueYuan, rd_spend_yuan AS RdSpendYuan, financial_year AS FinancialYear, status, version
                  FROM cv_enterprises WHERE credit_code = ANY(@codes)
                """, new { codes })).ToDictionary(e => e.CreditCode);
        }

        var seen = new Dictionary<string, int>();
        var planned = sheet.Rows.Select((row, index) => Check(row, index + 2, columns, sheet.Headers, existing, seen, mode)).ToArray();
        var items = planned.Select(p => p.Row).ToArray();
        return (new ImportReportDto("enterprises", mode, true, fileName, Convert.ToHexStringLower(SHA256.HashData(content)), sheet.Encoding, items.Length, Count(items), items), planned, sheet);
    }

    /// <summary>Where each template column is in the sheet (headers matched without spaces, marks or units); a required column missing is a refusal of the file.</summary>
    private static Dictionary<string, int> Locate(IReadOnlyList<string> headers)
    {
        var found = new Dictionary<string, int>();
        foreach (var column in Columns)
        {
            var key = Cells.HeaderKey(column.Header);
            var index = headers.ToList().FindIndex(h => Cells.HeaderKey(h) == key);
            if (index >= 0)
            {
                found[column.Header] = index;
            }
            else if (column.Required)
            {
                throw new SheetRefusedException($"缺少必填列“{column.Header}”（请使用导入模板）");
            }
        }

        return found;
    }

    private Planned Check(
        IReadOnlyList<string?> row, int number, Dictionary<string, int> columns, IReadOnlyList<string> headers,
        Dictionary<string, Existing> existing, Dictionary<string, int> seen, string mode)
    {
        var problems = new List<ImportProblemDto>();
        string? Cell(string column) => columns.TryGetValue(column, out var i) && !string.IsNullOrWhiteSpace(row[i]) ? row[i] : null;
        T? Parse<T>(string column, Func<string, (T? Value, string? Problem)> parse) where T : struct
        {
            if (Cell(column) is not { } text)
            {
                return null;
            }

            var (value, problem) = parse(text);
            if (problem is not null)
            {
                problems.Add(new ImportProblemDto(column, problem));
            }

            return value;
        }

        if (Cell("企业名称") == SampleName)
        {
            return Refused(number, null, new ImportProblemDto("企业名称", "这是模板的示例行，请删除后再导入"));
        }

        var code = Cell("统一社会信用代码") is { } raw ? Cells.Code(raw) : null;
        if (code is null)
        {
            return Refused(number, null, new ImportProblemDto("统一社会信用代码", "必填"));
        }


        if (CreditCode.Validate(code) is { } codeRule)
        {
            return Refused(number, code, new ImportProblemDto("统一社会信用代码", Messages.Rule(FieldError.Of("creditCode", codeRule))));
        }

        if (seen.TryGetValue(code, out var first))
        {
            return Refused(number, code, new ImportProblemDto("统一社会信用代码", $"与第 {first} 行重复，本行不导入"));
        }

        seen[code] = number;
        var known = existing.GetValueOrDefault(code);
        if (known is null && mode == "update")
        {
            return Refused(number, code, new ImportProblemDto("统一社会信用代码", "该企业尚未登记（仅更新模式不新增）"));
        }

        if (known is not null && mode == "create")
        {
            return Refused(number, code, new ImportProblemDto("统一社会信用代码", "该企业已登记（仅新增模式不更新）"));
        }

        if (known is { Status: "merged" })
        {
            return Refused(number, code, new ImportProblemDto("统一社会信用代码", "该记录已并入其他企业，请在存续企业下修改"));
        }

        var segmentsText = Cell("细分领域");
        var segments = segmentsText is null ? null : Cells.List(segmentsText);
        foreach (var unknown in segments?.Where(s => !taxonomy.IsSegment(s)) ?? [])
        {
            problems.Add(new ImportProblemDto("细分领域", Messages.Rule(FieldError.Of("segments", Rule.UnknownSegment(unknown)))));
        }

        var revenueHeader = columns.TryGetValue("营业收入（万元）", out var ri) ? headers[ri] : "（万元）";
        var rdHeader = columns.TryGetValue("研发投入（万元）", out var di) ? headers[di] : "（万元）";
        var incoming = new EnterpriseProfile(
            Cell("企业名称") ?? known?.Name ?? "",
            Cell("英文名称") ?? known?.NameEn,
            segments ?? known?.Segments ?? [],
            Parse<DateOnly>("成立日期", Cells.Date) ?? known?.FoundedOn,
            Cell("所在区") ?? known?.District,
            Parse<int>("从业人数", Cells.Whole) ?? known?.Headcount,
            Parse<decimal>("营业收入（万元）", t => Cells.Amount(t, Cells.Unit(revenueHeader))) ?? known?.RevenueYuan,
            Parse<decimal>("研发投入（万元）", t => Cells.Amount(t, Cells.Unit(rdHeader))) ?? known?.RdSpendYuan,
            Parse<int>("财务年度", Cells.Whole) ?? known?.FinancialYear,
            []);
        if (known is null && segments is null)
        {
            problems.Add(new ImportProblemDto("细分领域", "必填"));
        }

        problems.AddRange(EnterpriseRules.Validate(incoming, taxonomy, clock.Today())
            .Where(e => !(e.Field.StartsWith("segments", StringComparison.Ordinal) && problems.Any(p => p.Column == "细分领域")))
            .Select(e => new ImportProblemDto(ColumnOf(e.Field), Messages.Rule(e))));
        if (problems.Count > 0)
        {
            return new Planned(new ImportRowDto(number, code, "refused", [], problems.Distinct().ToArray()), null, null, null);
        }

        if (known is null)
        {
            return new Planned(new ImportRowDto(number, code, "created", [], []), incoming, null, null);
        }

        var changes = new List<string>();
        void Compare(string column, bool same)
        {
            if (!same)
            {
                changes.Add(column);
            }
        }

        Compare("企业名称", incoming.Name == known.Name);
        Compare("英文名称", incoming.NameEn == known.NameEn);
        Compare("细分领域", incoming.Segments.SequenceEqual(known.Segments));
        Compare("成立日期", incoming.FoundedOn == known.FoundedOn);
        Compare("所在区", incoming.District == known.District);
        Compare("从业人数", incoming.Headcount == known.Headcount);
        Compare("营业收入（万元）", incoming.RevenueYuan == known.RevenueYuan);
        Compare("研发投入（万元）", incoming.RdSpendYuan == known.RdSpendYuan);
        Compare("财务年度", incoming.FinancialYear == known.FinancialYear);
        var update = new ProfileChanges(
            Changed("企业名称", incoming.Name), Changed("英文名称", incoming.NameEn ?? ""), changes.Contains("细分领域") ? incoming.Segments : null,
            changes.Contains("成立日期") ? incoming.FoundedOn : null, Changed("所在区", incoming.District ?? ""),
            changes.Contains("从业人数") ? incoming.Headcount : null, changes.Contains("营业收入（万元）") ? incoming.RevenueYuan : null,
            changes.Contains("研发投入（万元）") ? incoming.RdSpendYuan : null, changes.Contains("财务年度") ? incoming.FinancialYear : null);
        return new Planned(new ImportRowDto(number, code, changes.Count == 0 ? "unchanged" : "updated", changes, []), null, update, known.Version);

        string? Changed(string column, string value) => changes.Contains(column) ? value : null;
    }

    private static string ColumnOf(string field) =>
        FieldColumns.GetValueOrDefault(field.Split('[', '.')[0], field);

    private static Planned Refused(int row, string? key, ImportProblemDto problem) => new(new ImportRowDto(row, key, "refused", [], [problem]), null, null, null);
}
