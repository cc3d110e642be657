using CellValley.Api.Resources;
using CellValley.Grains.Common;

namespace CellValley.Api.Imports;

/// <summary>A template column: its header, whether it is required, what it takes, a sample, and the choice list its cells come from (a drop-down).</summary>
public sealed record TemplateColumn(string Header, bool Required, string Note, string Sample, string? Choices = null);

/// <summary>A named list of the values a coded column takes (its own sheet in the template, and the column's drop-down).</summary>
public sealed record ChoiceList(string Name, IReadOnlyList<string> Values);

/// <summary>A record a committed row created, as a revert finds it: a reference the kind understands and the version the import left it at.</summary>
public sealed record CreatedRecord(string Ref, int Version, string? Key = null)
{
    /// <summary>The kind that created it (a workbook's companion sheet may be another kind than the import's).</summary>
    public string? Kind { get; init; }
}

/// <summary>A row after its commit: the row as reported, and what it created (for a revert).</summary>
public sealed record AppliedRow(ImportRowDto Row, CreatedRecord? Created = null);

/// <summary>Who imports: as the history records them, and the person (the owner of leads they import).</summary>
public sealed record ImportCaller(Actor Actor, string? PersonId, string? PersonName)
{
    /// <summary>The enterprises the workbook's roster sheet creates: a companion sheet's rows for them ride along in their creation.</summary>
    public IReadOnlySet<string> Creating { get; init; } = new HashSet<string>();
}

/// <summary>
/// A checked row: its report line, and — when it would create or update — how to carry it out. A row of a
/// companion sheet about an enterprise the roster creates carries its part (a product, a funding entry) and
/// its owner's code instead: the part is written with the enterprise, which collects it.
/// </summary>
public sealed record PlannedRow(ImportRowDto Row, Func<Actor, Task<AppliedRow>>? Apply = null)
{
    public object? Part { get; init; }

    /// <summary>The record the row writes to (an enterprise, a park): rows writing to the same one are carried out in the sheet's order.</summary>
    public string? Order { get; init; }

    public string? Owner { get; init; }

    /// <summary>On a row that creates an enterprise: takes the parts its companion rows carry.</summary>
    public Action<object>? Collect { get; init; }
}

/// <summary>
/// One kind of import (a roster, a rent roll, a lead sheet, …): its template and how it checks a sheet's
/// rows against the registry and the grains' own rules, and carries them out; optionally how to revert what
/// a commit created.
/// </summary>
public abstract class ImportKind
{
    public static readonly string[] Modes = ["create", "update", "upsert"];

    /// <summary>The kind in the route (/api/imports/{kind}).</summary>
    public abstract string Kind { get; }

    /// <summary>The sheet's name: the template's first sheet and the file's.</summary>
    public abstract string Title { get; }

    public abstract IReadOnlyList<TemplateColumn> Columns { get; }

    /// <summary>The choice lists the columns draw on (read when a template is made: some come from the registry).</summary>
    public virtual Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>([]);

    /// <summary>What the rows match existing records on, for the notes sheet.</summary>
    public abstract string MatchNote { get; }

    /// <summary>The kinds whose sheets, in the same workbook, are imported with this one (after it, parts of what it creates written with it).</summary>
    public virtual IReadOnlyList<string> Companions => [];

    /// <summary>How many rows are carried out at once (1: in the sheet's order).</summary>
    public virtual int Parallelism => 64;

    /// <summary>Whether a commit's created records can be reverted.</summary>
    public virtual bool Revertible => false;

    public abstract Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller);

    /// <summary>Why this created record cannot be reverted now (changed since, something recorded on it), or null.</summary>
    public virtual Task<string?> CheckRevertAsync(CreatedRecord record) => Task.FromResult<string?>("本类导入不支持撤销");

    /// <summary>Reverts one created record; null when done, else why not.</summary>
    public virtual Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor) => Task.FromResult<string?>("本类导入不支持撤销");

    /// <summary>The first cell of the template's sample row: a row still carrying it is refused, never imported.</summary>
    public const string SampleMark = "（示例，导入前请删除此行）";

    /// <summary>The refusal of a row whose key was already seen, created-only rows that exist, update-only rows that do not.</summary>
    protected static ImportProblemDto? ModeProblem(string mode, bool exists, string column, string what) =>
        (exists, mode) switch
        {
            (false, "update") => new ImportProblemDto(column, $"该{what}尚未登记（仅更新模式不新增）"),
            (true, "create") => new ImportProblemDto(column, $"该{what}已登记（仅新增模式不更新）"),
            _ => null,
        };

    /// <summary>A withdrawal's outcome as a revert reports it: null when done.</summary>
    protected static string? Withdrawn<T>(Outcome<T> outcome, string what) => outcome.Kind switch
    {
        OutcomeKind.Ok => null,
        OutcomeKind.VersionMismatch => $"导入后该{what}已被修改，不能撤销",
        OutcomeKind.NotFound => $"该{what}已不存在",
        _ => string.Join("；", outcome.Errors.Select(Messages.Rule)),
    };

    /// <summary>Whether a created record is as the import left it: its read row's version, and whether relations name it.</summary>
    protected static string? Unchanged(int? version, CreatedRecord record, string what, bool related = false) => version switch
    {
        null => $"该{what}已不存在",
        _ when related => $"导入后已为该{what}登记关系，请先处理这些关系",
        _ when version != record.Version => $"导入后该{what}已被修改，不能撤销",
        _ => null,
    };

    /// <summary>A grain's refusal of a row, as the report says it.</summary>
    protected static ImportRowDto Refusal<T>(ImportRowDto row, Outcome<T> outcome, string keyColumn, Func<string, string> columnOf) => row with
    {
        Outcome = "refused",
        Changes = [],
        Problems = outcome.Kind switch
        {
            OutcomeKind.AlreadyExists => [new(keyColumn, "检查后已由他人登记，本行未导入")],
            OutcomeKind.VersionMismatch => [new(keyColumn, "检查后该记录已被他人修改，本行未导入，请重新检查")],
            OutcomeKind.NotFound => [new(keyColumn, "检查后该记录已不存在，本行未导入")],
            OutcomeKind.PolicyBreach when outcome.Breach is { } breach =>
                [new(columnOf("amount"), Messages.Rule(FieldError.Of("amount", Rule.GrantCap(breach.Rule, breach.CapYuan, breach.HeadroomYuan))))],
            _ => outcome.Errors.Select(e => new ImportProblemDto(columnOf(e.Field), Messages.Rule(e))).DefaultIfEmpty(new(keyColumn, "未能导入")).ToArray(),
        },
    };
}

/// <summary>An uploaded sheet with the template's columns located in it.</summary>
public sealed class ImportSheet
{
    private readonly Dictionary<string, int> _columns = [];

    public ImportSheet(Sheet sheet, IReadOnlyList<TemplateColumn> template)
    {
        Sheet = sheet;
        var keys = sheet.Headers.Select(Cells.HeaderKey).ToList();
        foreach (var column in template)
        {
            var index = keys.IndexOf(Cells.HeaderKey(column.Header));
            if (index >= 0)
            {
                _columns[column.Header] = index;
            }
            else if (column.Required)
            {
                throw new SheetRefusedException($"缺少必填列“{column.Header}”（请使用导入模板）");
            }
        }
    }

    public Sheet Sheet { get; }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The header as the file wrote it (its unit may differ from the template's).</summary>
    public string HeaderOf(string column) => _columns.TryGetValue(column, out var i) ? Sheet.Headers[i] : column;

    public IEnumerable<RowCells> Rows => Sheet.Rows.Select((row, i) => new RowCells(this, row, Sheet.Numbers[i]));

    internal string? Raw(IReadOnlyList<string?> row, string column) =>
        _columns.TryGetValue(column, out var i) && i < row.Count && !string.IsNullOrWhiteSpace(row[i]) ? row[i]!.Trim() : null;
}

/// <summary>One row's cells, read by column into values; each cell that does not read adds its problem (the column and the rule).</summary>
public sealed class RowCells(ImportSheet sheet, IReadOnlyList<string?> row, int number)
{
    public int Number { get; } = number;

    public List<ImportProblemDto> Problems { get; } = [];

    public bool Refused => Problems.Count > 0;

    public bool IsSample => row.Any(c => c is not null && c.Contains(ImportKind.SampleMark, StringComparison.Ordinal));

    public string? Text(string column) => sheet.Raw(row, column);

    public void Problem(string column, string message) => Problems.Add(new ImportProblemDto(column, message));

    public string? Required(string column)
    {
        var text = Text(column);
        if (text is null)
        {
            Problem(column, "必填");
        }

        return text;
    }

    public string? Code(string column) => Text(column) is { } t ? Cells.Code(t) : null;

    public DateOnly? Date(string column) => Parse(column, Cells.Date);

    public int? Whole(string column) => Parse(column, Cells.Whole);

    /// <summary>An amount in 元, read in the unit the file's header names (万元, 亿元, else 元).</summary>
    public decimal? Amount(string column) => Parse(column, t => Cells.Amount(t, Cells.Unit(sheet.HeaderOf(column))));

    /// <summary>A plain number (an area, a share).</summary>
    public decimal? Decimal(string column) => Parse(column, t => Cells.Amount(t, 1m) is { Value: { } v } ? (v, null) : ((decimal?)null, "应为数字"));

    public bool? YesNo(string column) => Parse(column, Cells.YesNo);

    /// <summary>A coded value given by its Chinese name or its code; the problem lists the names to choose from.</summary>
    public string? Choice(string column, IReadOnlyDictionary<string, string> codesByName)
    {
        if (Text(column) is not { } text)
        {
            return null;
        }

        var t = Cells.Normalize(text);
        foreach (var (name, code) in codesByName)
        {
            if (string.Equals(Cells.Normalize(name), t, StringComparison.OrdinalIgnoreCase) || string.Equals(code, t, StringComparison.OrdinalIgnoreCase))
            {
                return code;
            }
        }

        Problem(column, "应为以下之一：" + string.Join("、", codesByName.Keys));
        return null;
    }

    private T? Parse<T>(string column, Func<string, (T? Value, string? Problem)> parse) where T : struct
    {
        if (Text(column) is not { } text)
        {
            return null;
        }

        var (value, problem) = parse(text);
        if (problem is not null)
        {
            Problem(column, problem);
        }

        return value;
    }

    public ImportRowDto Refusal(string? key) => new(Number, key, "refused", [], Problems.Distinct().ToArray());

    public PlannedRow Refuse(string? key, string column, string message)
    {
        Problem(column, message);
        return new PlannedRow(Refusal(key));
    }
}

/// <summary>The columns whose values an update would change.</summary>
public sealed class ChangeList
{
    public List<string> Columns { get; } = [];

    public bool Compare<T>(string column, T incoming, T existing)
    {
        var same = incoming is IEnumerable<string> a && existing is IEnumerable<string> b ? a.SequenceEqual(b) : EqualityComparer<T>.Default.Equals(incoming, existing);
        if (!same)
        {
            Columns.Add(column);
        }

        return !same;
    }

    public bool Has(string column) => Columns.Contains(column);

    public string Outcome => Columns.Count == 0 ? "unchanged" : "updated";
}
