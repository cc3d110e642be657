using System.Text.Json;
using CellValley.Api.Institutions;
using CellValley.Api.Leads;
using CellValley.Api.Parks;
using CellValley.Api.Platforms;
using CellValley.Api.Relations;
using CellValley.Grains.Institutions;
using CellValley.Grains.Leads;
using CellValley.Grains.Parks;
using CellValley.Grains.Platforms;
using CellValley.Grains.Relations;

namespace CellValley.Tests.Api;

/// <summary>
/// The JSON of the API's own types, pinned: a grain contract may change shape without the API
/// changing with it (the mapping absorbs it), and a change here is a deliberate change of the API.
/// </summary>
public sealed class DtoSnapshotTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnInstitutionIsFlatWithItsVersion()
    {
        var view = new InstitutionView("I0A1B2C3D4E", new InstitutionInfo("天津医科大学总医院", "hospital", "天津市和平区", null), 2, At);
        Assert.Equal(
            """{"id":"I0A1B2C3D4E","name":"天津医科大学总医院","kind":"hospital","city":"天津市和平区","note":null,"version":2,"updatedAt":"2026-11-23T08:00:00+00:00"}""",
            JsonSerializer.Serialize(view.AsDto(), Web));
    }

    [Fact]
    public void APlatformIsFlatWithItsStatusHistory()
    {
        var view = new PlatformView("cell-bank", new PlatformInfo("干细胞及免疫细胞库", "cell-bank", "天津市细胞技术创新中心", "bio-innovation-center", ["细胞存储"], null),
            "operating", [new PlatformStatusEntry("planned", new DateOnly(2024, 3, 1)), new PlatformStatusEntry("operating", new DateOnly(2025, 1, 15))], 3);
        Assert.Equal(
            """{"id":"cell-bank","name":"干细胞及免疫细胞库","kind":"cell-bank","operator":"天津市细胞技术创新中心","parkId":"bio-innovation-center","services":["细胞存储"],"note":null,"status":"operating","statusHistory":[{"status":"planned","since":"2024-03-01","reason":null},{"status":"operating","since":"2025-01-15","reason":null}],"version":3,"enterprisesServed":null}""",
            JsonSerializer.Serialize(view.AsDto(), Web));
    }

    [Fact]
    public void ARelationNamesItsEndsByKindAndId()
    {
        var view = new RelationView("R3ABFF19D9", "supplier", new EntityRef("enterprise", "91120116MA05T00007"), new EntityRef("enterprise", "91350100M000100Y43"),
            "disclosed", new DateOnly(2024, 5, 1), null, "慢病毒载体", null, 1, true);
        Assert.Equal(
            """{"id":"R3ABFF19D9","type":"supplier","from":{"kind":"enterprise","id":"91120116MA05T00007"},"to":{"kind":"enterprise","id":"91350100M000100Y43"},"disclosure":"disclosed","since":"2024-05-01","until":null,"supplyKind":"慢病毒载体","note":null,"version":1,"created":true}""",
            JsonSerializer.Serialize(view.AsDto(), Web));
    }

    [Fact]
    public void AParkIsFlatWithItsUnitsAndLeases()
    {
        var view = new ParkView("bio-innovation-center", new ParkInfo("生物医药创新中心", "经开区", null, 0.8m, null),
            [new Building("A", "A座", 6)], [new Unit("A-301", "A", 3, 1200m, new FitOut("B", true, true, false, false, null), new DateOnly(2025, 1, 1))],
            [new Milestone("operating", null, new DateOnly(2025, 1, 1))],
            [new LeaseView("S1", "bio-innovation-center", "A-301", "91350100M000100Y43", 800m, new DateOnly(2025, 3, 1), new DateOnly(2026, 12, 31),
                new DateOnly(2025, 2, 1), "in-place", null, null, null)], 4);
        Assert.Equal(
            """{"id":"bio-innovation-center","name":"生物医药创新中心","zone":"经开区","address":null,"occupancyTarget":0.8,"operator":null,"buildings":[{"id":"A","name":"A座","floors":6}],"units":[{"id":"A-301","buildingId":"A","floor":3,"areaSqm":1200,"fitOut":{"gmpGrade":"B","labDrains":true,"exhaust":true,"coldStorage":false,"cleanRoom":false,"notes":null},"availableSince":"2025-01-01"}],"milestones":[{"kind":"operating","planned":null,"actual":"2025-01-01"}],"leases":[{"id":"S1","parkId":"bio-innovation-center","unitId":"A-301","tenantCode":"91350100M000100Y43","areaSqm":800,"start":"2025-03-01","end":"2026-12-31","signedOn":"2025-02-01","state":"in-place","terminatedOn":null,"note":null,"leadId":null,"originalEnd":null,"terminationReason":null,"voidReason":null,"replacedBy":null}],"version":4}""",
            JsonSerializer.Serialize(view.AsDto(), Web));
    }

    [Fact]
    public void ALeadIsFlatWithItsStagesAndActivities()
    {
        var view = new LeadView("LACBEC0C0C5",
            new LeadInfo("某基因治疗科技（上海）有限公司", null, "基因治疗", "基因治疗", "exhibition", 200000000m, 120, new SpaceNeeds(1100m, null, "bio-innovation-center"),
                0.6m, new DateOnly(2027, 3, 31), new DateOnly(2026, 12, 5), null),
            "staff-1", "招商 王五", "contact", [new LeadStageEntry("lead", new DateOnly(2026, 11, 1), null), new LeadStageEntry("contact", new DateOnly(2026, 11, 20), null)],
            "active", null, null, [new LeadActivity(new DateOnly(2026, 11, 20), "call", "首次电话沟通", "招商 王五")], null, null, 3, At, At);
        Assert.Equal(
            """{"id":"LACBEC0C0C5","company":"某基因治疗科技（上海）有限公司","creditCode":null,"segment":"基因治疗","chainLink":"基因治疗","source":"exhibition","estimatedInvestmentYuan":200000000,"estimatedJobs":120,"space":{"areaSqm":1100,"fitOut":null,"preferredParkId":"bio-innovation-center"},"likelihood":0.6,"estimatedLanding":"2027-03-31","nextFollowUp":"2026-12-05","note":null,"ownerId":"staff-1","ownerName":"招商 王五","stage":"contact","stages":[{"stage":"lead","since":"2026-11-01","reason":null,"by":null},{"stage":"contact","since":"2026-11-20","reason":null,"by":null}],"status":"active","statusReason":null,"lostTo":null,"activities":[{"date":"2026-11-20","type":"call","note":"首次电话沟通","recordedBy":"招商 王五"}],"landedCode":null,"landedLeaseId":null,"version":3,"createdAt":"2026-11-23T08:00:00+00:00","updatedAt":"2026-11-23T08:00:00+00:00"}""",
            JsonSerializer.Serialize(view.AsDto(), Web));
    }
}
