using CellValley.Api.Enterprises;
using CellValley.Api.Institutions;
using CellValley.Api.Relations;
using CellValley.Api.Leads;
using CellValley.Api.Parks;
using CellValley.Api.Picture;
using CellValley.Api.Platforms;
using CellValley.Api.Products;
using CellValley.Grains.Leads;
using CellValley.Grains.Taxonomy;

namespace CellValley.Api.Export;

/// <summary>One column of an exported list: its Chinese header and the cell a row gives (text, number, date or yes/no).</summary>
public sealed record ExportColumn(string Header, Func<object, object?> Cell);

/// <summary>A list as a sheet: its name (the file's too) and its columns.</summary>
public sealed record ExportSheet(string Name, IReadOnlyList<ExportColumn> Columns);

/// <summary>
/// The sheets of every exportable list, by the row type the list answers with: Chinese headers, codes
/// given their Chinese names, dates and amounts as cells of their kind.
/// </summary>
public sealed class ExportSheets
{
    private static readonly Dictionary<string, string> EnterpriseStatuses = new() { ["active"] = "在册", ["moved-out"] = "已迁出", ["deregistered"] = "已注销", ["merged"] = "已合并" };
    private static readonly Dictionary<string, string> LeaseStates = new() { ["committed"] = "已签约待起租", ["in-place"] = "履行中", ["expired"] = "已到期", ["voided"] = "已作废" };
    private static readonly Dictionary<string, string> LeadStatuses = new() { ["active"] = "跟进中", ["delayed"] = "延期", ["dormant"] = "休眠", ["lost"] = "已流失", ["won"] = "已落地" };
    private static readonly Dictionary<string, string> PlatformStatuses = new() { ["planned"] = "规划中", ["building"] = "建设中", ["operating"] = "运营中", ["suspended"] = "暂停", ["closed"] = "已关闭" };
    private static readonly Dictionary<string, string> PlatformKinds = new()
    {
        ["engineering-centre"] = "工程技术中心", ["innovation-centre"] = "创新中心", ["cell-bank"] = "细胞库", ["testing"] = "检验检测平台",
        ["cro-cdmo"] = "CRO/CDMO 平台", ["gcp-site"] = "GCP 临床试验机构", ["p3-lab"] = "P3 实验室", ["pilot-plant"] = "中试平台",
        ["lab-animals"] = "实验动物平台", ["incubator"] = "孵化器", ["industrialisation-base"] = "产业化基地", ["other"] = "其他",
    };
    private static readonly Dictionary<string, string> FundingSources = new() { ["equity"] = "股权融资", ["guidance-fund"] = "政府引导基金", ["grant"] = "政府资助", ["loan"] = "贷款" };

    private readonly Dictionary<Type, ExportSheet> _sheets = [];

    public ExportSheets(ClusterTaxonomy taxonomy, LeadCatalogue leads)
    {
        string Tier(string code) => taxonomy.FindTier(code)?.Name ?? code;
        string Stage(string code) => taxonomy.FindStage(code)?.Name ?? code;
        string Kind(string code) => taxonomy.FindKind(code)?.Name ?? code;
        string LeadStage(string code) => leads.FindStage(code)?.Name ?? code;

        Add<EnterpriseListItem>("企业名录",
            ("统一社会信用代码", e => e.CreditCode), ("企业名称", e => e.Name), ("英文名称", e => e.NameEn), ("细分领域", e => Join(e.Segments)),
            ("所在区", e => e.District), ("成立日期", e => e.FoundedOn), ("从业人数", e => e.Headcount), ("梯度", e => Tier(e.Tier)),
            ("认定日期", e => e.TierSince), ("有效期至", e => e.TierValidUntil), ("认定已过期", e => e.TierExpired),
            ("状态", e => Name(EnterpriseStatuses, e.Status)), ("状态起始", e => e.StatusSince), ("更新时间", e => e.UpdatedAt));
        Add<ProductListItem>("产品管线",
            ("产品编号", p => p.ProductId), ("产品名称", p => p.Name), ("企业", p => p.EnterpriseName), ("统一社会信用代码", p => p.CreditCode),
            ("产品类别", p => Kind(p.Kind)), ("注册分类", p => p.RegistrationClass), ("Ⅰ类新药", p => p.ClassOne), ("创新医疗器械", p => p.InnovativeDevice),
            ("阶段", p => Stage(p.Stage)), ("进入阶段日期", p => p.StageDate));
        Add<LeaseRow>("租约",
            ("租约编号", l => l.LeaseId), ("园区", l => l.ParkName), ("单元", l => l.UnitId), ("租户", l => l.TenantName), ("统一社会信用代码", l => l.TenantCode),
            ("面积（㎡）", l => l.AreaSqm), ("起租日", l => l.Start), ("退租日", l => l.End), ("签约日", l => l.SignedOn),
            ("状态", l => Name(LeaseStates, l.State)), ("提前退租日", l => l.TerminatedOn), ("原定退租日", l => l.OriginalEnd), ("退租原因", l => l.TerminationReason));
        Add<VacancyRow>("空置单元",
            ("园区", v => v.ParkId), ("楼宇", v => v.BuildingId), ("单元", v => v.UnitId), ("楼层", v => v.Floor), ("面积（㎡）", v => v.AreaSqm),
            ("GMP 等级", v => v.GmpGrade), ("洁净车间", v => v.CleanRoom), ("实验排水", v => v.LabDrains), ("排风", v => v.Exhaust), ("冷库", v => v.ColdStorage),
            ("空置起始", v => v.VacantSince), ("空置天数", v => v.DaysVacant));
        Add<LeadRow>("招商线索",
            ("线索编号", l => l.LeadId), ("企业 / 项目", l => l.Company), ("细分领域", l => l.Segment), ("补链环节", l => l.ChainLink), ("负责人", l => l.OwnerName),
            ("阶段", l => LeadStage(l.Stage)), ("进入阶段", l => l.StageSince), ("本阶段天数", l => l.DaysInStage), ("状态", l => Name(LeadStatuses, l.Status)),
            ("状态原因", l => l.StatusReason), ("流失去向", l => l.LostTo), ("落地可能性", l => l.Likelihood), ("需求面积（㎡）", l => l.SpaceAreaSqm),
            ("意向园区", l => l.PreferredParkId), ("预计落地", l => l.EstimatedLanding), ("下次跟进", l => l.NextFollowUp),
            ("预计投资（元）", l => l.EstimatedInvestmentYuan), ("预计就业", l => l.EstimatedJobs));
        Add<PlatformListItem>("公共服务平台",
            ("平台编号", p => p.PlatformId), ("平台名称", p => p.Name), ("类型", p => Name(PlatformKinds, p.Kind)), ("状态", p => Name(PlatformStatuses, p.Status)),
            ("状态起始", p => p.StatusSince), ("运营方", p => p.Operator), ("园区", p => p.ParkId), ("服务内容", p => Join(p.Services)), ("服务企业数", p => p.EnterprisesServed));
        // The relations sheet has the import's headers, parties as kind:id: exported, it imports back unchanged.
        Add<RelationRow>("产业链关系",
            ("关系编号", r => r.RelationId), ("关系类型", r => Grains.Relations.RelationTypes.Find(r.Type)?.Name ?? r.Type), ("甲方", r => r.From), ("乙方", r => r.To),
            ("供应内容", r => r.SupplyKind), ("开始日期", r => r.Since), ("结束日期", r => r.Until), ("公开程度", r => r.Disclosure == "inferred" ? "推断" : "公开"));
        Add<SingleSupplierRow>("单一供应商",
            ("企业", r => r.CustomerName), ("企业编号", r => r.Customer), ("供应内容", r => r.SupplyKind), ("唯一供应商", r => r.SupplierName), ("供应商编号", r => r.Supplier));
        Add<InstitutionListItem>("高校院所与医院",
            ("机构编号", i => i.InstitutionId), ("名称", i => i.Name),
            ("类型", i => i.Kind switch { "university" => "高校", "hospital" => "医院", "research-institute" => "科研院所", _ => "其他" }), ("城市", i => i.City));
        Add<Plans.PlanItemRow>("任务分解表",
            ("任务序号", r => r.Task), ("标题", r => r.TaskTitle), ("任务类型", r => r.Type), ("事项序号", r => r.Number), ("具体落实事项", r => r.Title),
            ("完成时限", r => r.DeadlineText), ("牵头部门", r => r.Lead), ("配合部门", r => r.Cooperating),
            ("督办", r => Plans.PlanTexts.Light(r.Light)), ("督办说明", r => Plans.PlanTexts.Reason(r.LightReason)), ("系统指标", r => r.IndicatorValue),
            ("指标达成", r => r.IndicatorMet), ("最新报送季度", r => r.LatestQuarter), ("最新进展状态", r => Plans.PlanTexts.Status(r.LatestStatus)), ("完成比例", r => r.LatestPercent));
        Add<Filings.FilingTargetDto>("填报情况",
            ("统一社会信用代码", t => t.CreditCode), ("企业名称", t => t.Name), ("所在区", t => t.District), ("填报时间", t => t.FiledAt),
            ("填报人", t => t.FiledBy), ("变更申请", t => t.ProposalId), ("最近催报", t => t.RemindedAt), ("逾期", t => t.Late));
        Add<PictureEnterprise>("企业明细",
            ("统一社会信用代码", e => e.CreditCode), ("企业名称", e => e.Name), ("细分领域", e => Join(e.Segments)), ("所在区", e => e.District),
            ("梯度", e => Tier(e.Tier)), ("原梯度", e => e.PreviousTier is null ? null : Tier(e.PreviousTier)), ("认定日期", e => e.RecognizedOn),
            ("有效期至", e => e.ValidUntil), ("变动日期", e => e.MovedOn));
        Add<PictureProduct>("产品明细",
            ("产品编号", p => p.ProductId), ("产品名称", p => p.Name), ("企业", p => p.EnterpriseName), ("统一社会信用代码", p => p.CreditCode),
            ("产品类别", p => Kind(p.Kind)), ("阶段", p => Stage(p.Stage)), ("进入阶段日期", p => p.EnteredOn), ("Ⅰ类新药", p => p.ClassOne),
            ("创新医疗器械", p => p.InnovativeDevice), ("注册分类", p => p.RegistrationClass));
        Add<PictureFunding>("融资明细",
            ("记录编号", f => f.FundingId), ("企业", f => f.EnterpriseName), ("统一社会信用代码", f => f.CreditCode), ("日期", f => f.FundedOn),
            ("日期精度", f => f.DatePrecision switch { "year" => "年", "month" => "月", _ => "日" }), ("计入", f => Name(FundingSources, f.Source)),
            ("类型", f => Name(FundingSources, f.Kind)), ("金额", f => f.Amount), ("币种", f => f.Currency), ("轮次 / 资助方 / 贷款方", f => f.Detail),
            ("无适用政策", f => f.Uncapped));
        Add<PictureLead>("线索明细",
            ("线索编号", l => l.LeadId), ("企业 / 项目", l => l.Company), ("细分领域", l => l.Segment), ("补链环节", l => l.ChainLink),
            ("阶段", l => LeadStage(l.Stage)), ("状态", l => Name(LeadStatuses, l.Status)), ("负责人", l => l.OwnerName), ("落地可能性", l => l.Likelihood),
            ("下次跟进", l => l.NextFollowUp));
        Add<PicturePlatform>("平台明细",
            ("平台编号", p => p.PlatformId), ("平台名称", p => p.Name), ("类型", p => Name(PlatformKinds, p.Kind)), ("状态", p => Name(PlatformStatuses, p.Status)),
            ("状态起始", p => p.Since), ("园区", p => p.ParkId), ("运营方", p => p.Operator));
    }

    public ExportSheet? For(Type rowType) => _sheets.GetValueOrDefault(rowType);

    public IEnumerable<Type> RowTypes => _sheets.Keys;

    private void Add<T>(string name, params (string Header, Func<T, object?> Cell)[] columns) =>
        _sheets[typeof(T)] = new ExportSheet(name, columns.Select(c => new ExportColumn(c.Header, row => c.Cell((T)row))).ToArray());

    private static string Join(IEnumerable<string> values) => string.Join("、", values);

    private static string Name(Dictionary<string, string> names, string code) => names.GetValueOrDefault(code, code);
}
