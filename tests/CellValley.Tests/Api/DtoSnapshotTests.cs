using System.Text.Json;
using CellValley.Api.Institutions;
using CellValley.Api.Platforms;
using CellValley.Api.Relations;
using CellValley.Grains.Institutions;
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
            """{"id":"cell-bank","name":"干细胞及免疫细胞库","kind":"cell-bank","operator":"天津市细胞技术创新中心","parkId":"bio-innovation-center","services":["细胞存储"],"note":null,"status":"operating","statusHistory":[{"status":"planned","since":"2024-03-01"},{"status":"operating","since":"2025-01-15"}],"version":3}""",
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
}
