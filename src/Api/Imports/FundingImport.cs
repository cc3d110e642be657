using System.Text.RegularExpressions;
using CellValley.Api.Common;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Funding;
using Dapper;
using Npgsql;
using Orleans;

namespace CellValley.Api.Imports;

/// <summary>
/// Funding (融资与资助): each row an equity round, a loan or a grant of a registered enterprise, recorded through
/// its grain (grant caps, investors, eligibility checked as when entered by hand). Funding has no natural key:
/// a row the same as a recorded entry (enterprise, type, date, amount) is reported unchanged, never recorded twice;
/// corrections are made on the enterprise's page. A commit's entries can be voided as a whole while untouched.
/// </summary>
public sealed partial class FundingImport(NpgsqlDataSource dataSource, GrantPolicies policies, IGrainFactory grains, TimeProvider clock) : ImportKind
{
    private const string Code = "统一社会信用代码";

    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string> { ["股权融资"] = "equity", ["贷款"] = "loan", ["政府资助"] = "grant" };

    public static readonly IReadOnlyDictionary<string, string> Rounds = new Dictionary<string, string>
    {
        ["种子轮"] = "seed", ["天使轮"] = "angel", ["Pre-A轮"] = "pre-a", ["A轮"] = "a", ["A+轮"] = "a+", ["Pre-B轮"] = "pre-b", ["B轮"] = "b", ["B+轮"] = "b+",
        ["C轮"] = "c", ["D轮"] = "d", ["E轮及以后"] = "e-plus", ["战略融资"] = "strategic", ["Pre-IPO"] = "pre-ipo", ["IPO"] = "ipo", ["增发"] = "follow-on", ["其他"] = "other",
    };

    public static readonly IReadOnlyDictionary<string, string> InvestorTypes = new Dictionary<string, string>
    {
        ["风险投资"] = "vc", ["私募股权"] = "pe", ["产业资本"] = "corporate", ["政府引导基金"] = FundingRules.GuidanceFund, ["天使投资人"] = "angel",
        ["个人"] = "individual", ["银行"] = "bank", ["其他"] = "other",
    };

    private static readonly Dictionary<string, string> Precisions = new() { ["日"] = "day", ["月"] = "month", ["年"] = "year" };

    public override string Kind => "funding";

    public override string Title => "融资与资助";

    public override string MatchNote => "逐行新增；与已登记记录（同一企业、类型、日期、金额）相同的行显示为无变化，不会重复登记；更正请在企业页操作。";

    public override bool Revertible => true;

    public override IReadOnlyList<TemplateColumn> Columns { get; } =
    [
        new(Code, true, "所属企业（须已登记）", "91120116MA05KX4H34"),
        new("类型", true, "股权融资、贷款或政府资助", "股权融资", "类型"),
        new("日期", true, "到日：2025-03-01；只知月份：2025年3月；只知年份：2025年", "2025年3月"),
        new("金额（万元）", true, "万元（表头写“（元）”则按元）", "8000"),
        new("币种", false, "空白为人民币（CNY）；也可填 USD、EUR、HKD 等", ""),
        new("轮次", false, "股权融资必填", "A轮", "轮次"),
        new("投资方", false, "股权融资：用、分隔；每家可在括号中注明类型和领投，如“海河产业基金（政府引导基金，领投）、某资本（风险投资）”",
            SampleMark + "海河产业基金（政府引导基金，领投）、某资本（风险投资）"),
        new("贷款方", false, "贷款必填", ""),
        new("期限（月）", false, "贷款", ""),
        new("资助方", false, "政府资助必填", ""),
        new("资助项目", false, "政府资助", ""),
        new("资助类别", false, "政府资助必填；取值见“资助类别”表", "", "资助类别"),
        new("产品编号", false, "按产品资助的类别必填", ""),
        new("文号", false, "政府资助", ""),
    ];

    public override Task<IReadOnlyList<ChoiceList>> ChoicesAsync() => Task.FromResult<IReadOnlyList<ChoiceList>>(
    [
        new("类型", Kinds.Keys.ToArray()),
        new("轮次", Rounds.Keys.ToArray()),
        new("资助类别", Categories().Keys.ToArray()),
    ]);

    private Dictionary<string, string> Categories()
    {
        var names = new Dictionary<string, string>();
        foreach (var category in policies.Versions.Reverse().SelectMany(v => v.Categories))
        {
            names.TryAdd(category.Name, category.Code);
        }

        return names;
    }

    private static readonly Dictionary<string, string> FieldColumns = new()
    {
        ["kind"] = "类型", ["date"] = "日期", ["datePrecision"] = "日期", ["amount"] = "金额（万元）", ["currency"] = "币种", ["roundType"] = "轮次",
        ["investors"] = "投资方", ["lender"] = "贷款方", ["termMonths"] = "期限（月）", ["grantor"] = "资助方", ["program"] = "资助项目",
        ["category"] = "资助类别", ["productId"] = "产品编号", ["reference"] = "文号", ["uncapped"] = "资助类别", ["funding"] = "金额（万元）", ["creditCode"] = Code,
    };

    private sealed record Recorded(string CreditCode, string Kind, DateOnly FundedOn, decimal Amount);

    private sealed class RecordedRow
    {
        public string CreditCode { get; init; } = "";
        public string Kind { get; init; } = "";
        public DateOnly FundedOn { get; init; }
        public decimal Amount { get; init; }
    }

    public override async Task<IReadOnlyList<PlannedRow>> PlanAsync(ImportSheet sheet, string mode, ImportCaller caller)
    {
        var rows = sheet.Rows.ToArray();
        var codes = rows.Select(r => r.Code(Code)).OfType<string>().Distinct().ToArray();
        Dictionary<string, string> enterprises;
        HashSet<Recorded> recorded;
        ILookup<string, string> products;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            enterprises = (await connection.QueryAsync<(string Code, string Status)>(
                "SELECT credit_code, status FROM cv_enterprises WHERE credit_code = ANY(@codes)", new { codes })).ToDictionary(e => e.Code, e => e.Status);
            recorded = (await connection.QueryAsync<RecordedRow>(
                "SELECT credit_code AS CreditCode, kind, funded_on AS FundedOn, amount FROM cv_funding WHERE credit_code = ANY(@codes) AND voided_at IS NULL",
                new { codes })).Select(r => new Recorded(r.CreditCode, r.Kind, r.FundedOn, r.Amount)).ToHashSet();
            products = (await connection.QueryAsync<(string Code, string Id)>(
                "SELECT credit_code, product_id FROM cv_products WHERE credit_code = ANY(@codes)", new { codes })).ToLookup(p => p.Code, p => p.Id);
        }

        var seen = new Dictionary<Recorded, int>();
        var categories = Categories();
        return rows.Select(row => Check(row, mode, caller.Creating, enterprises, recorded, seen, categories, products)).ToArray();
    }

    private PlannedRow Check(
        RowCells row, string mode, IReadOnlySet<string> creating, Dictionary<string, string> enterprises, HashSet<Recorded> recorded, Dictionary<Recorded, int> seen, Dictionary<string, string> categories,
        ILookup<string, string> products)
    {
        if (row.IsSample)
        {
            return row.Refuse(null, "投资方", "这是模板的示例行，请删除后再导入");
        }

        if (row.Code(Code) is not { } code)
        {
            return row.Refuse(null, Code, "必填");
        }

        var status = creating.Contains(code) ? "creating" : null;
        if (status is null && !enterprises.TryGetValue(code, out status))
        {
            return row.Refuse(code, Code, "该企业尚未登记，请先导入企业名录");
        }

        if (status == "merged")
        {
            return row.Refuse(code, Code, "该记录已并入其他企业，请在存续企业下登记");
        }

        if (mode == "update")
        {
            return row.Refuse(code, "类型", "融资记录只能新增；更正请在企业页操作");
        }

        var kind = row.Choice("类型", Kinds);
        var (date, precision) = FundingDate(row);
        var amount = row.Amount("金额（万元）");
        foreach (var column in new[] { "类型", "日期", "金额（万元）" })
        {
            if (row.Text(column) is null)
            {
                row.Problem(column, "必填");
            }
        }

        var investors = row.Text("投资方") is { } listed ? Investors(row, listed) : null;
        var category = row.Choice("资助类别", categories);
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(code));
        }

        var funding = new NewFunding(
            kind!, date!.Value, precision, amount!.Value, row.Code("币种") ?? "CNY",
            RoundType: row.Choice("轮次", Rounds), Investors: investors, Lender: row.Text("贷款方"), TermMonths: row.Whole("期限（月）"),
            Category: category, ProductId: row.Code("产品编号"), Grantor: row.Text("资助方"), Program: row.Text("资助项目"), Reference: row.Text("文号"));
        row.Problems.AddRange(FundingRules.Validate(funding, products[code].ToHashSet(), policies, clock.Today())
            .Select(e => new ImportProblemDto(ColumnOf(e.Field), Messages.Rule(e))));
        if (row.Refused)
        {
            return new PlannedRow(row.Refusal(code));
        }

        var same = new Recorded(code, funding.Kind, FundingRules.Normalize(funding.Date, precision ?? "day"), Math.Round(funding.Amount, 2));
        if (seen.TryGetValue(same, out var first))
        {
            return row.Refuse(code, "金额（万元）", $"与第 {first} 行相同（同一企业、类型、日期、金额），本行不导入");
        }

        seen[same] = row.Number;
        if (recorded.Contains(same))
        {
            return new PlannedRow(new ImportRowDto(row.Number, code, "unchanged", [], []));
        }

        var created = new ImportRowDto(row.Number, code, "created", [], []);
        if (status == "creating")
        {
            // An enterprise the workbook's roster creates: the entry is written with it.
            return new PlannedRow(created) { Part = funding, Owner = code };
        }

        return new PlannedRow(created, async who =>
        {
            var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(code)).RecordFundingAsync(funding, who);
            return outcome.IsOk
                ? new AppliedRow(created with { Key = $"{code} {outcome.Value!.Id}" }, new CreatedRecord($"{code}/{outcome.Value.Id}", 0, $"{code} {outcome.Value.Id}"))
                : new AppliedRow(Refusal(created, outcome, Code, ColumnOf));
        }) { Order = code };
    }

    /// <summary>The day, or a month (2025年3月, 2025-03) or year (2025年) when only that is known; a 日期精度 column is not needed.</summary>
    private static (DateOnly? Date, string? Precision) FundingDate(RowCells row)
    {
        if (row.Text("日期") is not { } text)
        {
            return (null, null);
        }

        var t = Cells.Normalize(text);
        if (MonthForm().Match(t) is { Success: true } month && int.Parse(month.Groups[2].Value) is >= 1 and <= 12 and var m)
        {
            return (new DateOnly(int.Parse(month.Groups[1].Value), m, 1), "month");
        }

        if (YearForm().Match(t) is { Success: true } year)
        {
            return (new DateOnly(int.Parse(year.Groups[1].Value), 1, 1), "year");
        }

        var day = row.Date("日期");
        return (day, day is null ? null : "day");
    }

    /// <summary>Investors as people list them: names separated by 、, each optionally with （type, 领投）.</summary>
    private static IReadOnlyList<Investor> Investors(RowCells row, string text)
    {
        var investors = new List<Investor>();
        foreach (var part in InvestorList().Split(Cells.Normalize(text)).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            var match = InvestorForm().Match(part);
            var name = match.Groups[1].Value.Trim();
            var notes = match.Groups[2].Success ? match.Groups[2].Value.Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries) : [];
            var type = "other";
            var lead = false;
            foreach (var note in notes)
            {
                if (note is "领投" or "lead")
                {
                    lead = true;
                }
                else if (InvestorTypes.TryGetValue(note, out var code) || InvestorTypes.Values.Contains(note))
                {
                    type = code ?? note;
                }
                else
                {
                    row.Problem("投资方", $"“{note}”不是投资方类型，应为以下之一：{string.Join("、", InvestorTypes.Keys)}，或“领投”");
                }
            }

            investors.Add(new Investor(name, type, lead));
        }

        return investors;
    }

    private static string ColumnOf(string field)
    {
        var parts = field.Split('.').Select(p => p.Split('[')[0]).ToArray();
        return FieldColumns.GetValueOrDefault(parts[^1]) ?? FieldColumns.GetValueOrDefault(parts[0], field);
    }

    public override async Task<string?> CheckRevertAsync(CreatedRecord record)
    {
        var fundingId = record.Ref.Split('/')[1];
        await using var connection = await dataSource.OpenConnectionAsync();
        var voided = await connection.QuerySingleOrDefaultAsync<bool?>("SELECT voided_at IS NOT NULL FROM cv_funding WHERE funding_id = @fundingId", new { fundingId });
        return voided switch
        {
            null => "该记录已不存在",
            true => "导入后该记录已被作废或更正，不能撤销",
            _ => null,
        };
    }

    public override async Task<string?> RevertAsync(CreatedRecord record, string reason, Actor actor)
    {
        var parts = record.Ref.Split('/');
        var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(parts[0])).VoidFundingAsync(parts[1], reason, actor);
        return outcome.IsOk ? null : string.Join("；", outcome.Errors.Select(Messages.Rule).DefaultIfEmpty("未能作废该记录"));
    }

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")]
    private static partial Regex MonthForm();

    [GeneratedRegex(@"^(\d{4})\s*年?$")]
    private static partial Regex YearForm();

    [GeneratedRegex(@"[、;]")]
    private static partial Regex InvestorList();

    [GeneratedRegex(@"^([^(（]+)(?:[(（]([^)）]*)[)）])?$")]
    private static partial Regex InvestorForm();
}
