using System.Net;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>The 2021 action plan's task breakdown (任务分解表) as data: every item of the seed's annex, its departments and deadline, its light on a day, its live indicator.</summary>
[Collection(ApiCollection.Name)]
public sealed class PlanTests(ApiFixture api)
{
    private static string SeedText()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var seed = Path.Combine(dir.FullName, "shared", "seeds", "000_8c5139fa6427fbbc.txt");
            if (File.Exists(seed))
            {
                return File.ReadAllText(seed);
            }
        }

        throw new FileNotFoundException("the policy documents (../shared/seeds) are beside the repository");
    }

    private async Task<JsonElement> PlanAsync(string? asOf = null)
    {
        var client = api.Client(api.AdminToken, language: null);
        return await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/plans/cell-2021" + (asOf is null ? "" : "?asOf=" + asOf)));
    }

    private static JsonElement[] Items(JsonElement plan) => plan.GetProperty("tasks").EnumerateArray().SelectMany(t => t.GetProperty("items").EnumerateArray()).ToArray();

    [Fact]
    public async Task EveryItemOfTheSeedsAnnexIsThereWithItsDepartmentsAndDeadline()
    {
        var plan = await PlanAsync("2021-06-30");
        var items = Items(plan);
        Assert.Equal(22, plan.GetProperty("tasks").GetArrayLength());
        Assert.Equal(Enumerable.Range(1, 31), items.Select(i => i.GetProperty("number").GetInt32()));

        // Every item's wording, deadline and departments stand in the annex as they were transcribed.
        var seed = SeedText();
        var annex = seed[seed.IndexOf("任务分解表", StringComparison.Ordinal)..];
        Assert.All(items, i =>
        {
            Assert.Contains(i.GetProperty("title").GetString()!, annex);
            Assert.Contains(i.GetProperty("departmentsText").GetString()!, annex);
        });

        // Counted by hand from the annex: items per task, types, deadlines.
        var perTask = plan.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("items").GetArrayLength()).ToArray();
        Assert.Equal([2, 1, 2, 1, 2, 1, 1, 1, 1, 2, 1, 3, 1, 1, 1, 1, 2, 2, 1, 2, 1, 1], perTask);
        Assert.Equal([4, 8, 16, 17, 18], items.Where(i => i.GetProperty("type").GetString() == "工程项目").Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal([6, 27], items.Where(i => i.GetProperty("type").GetString() == "出台政策").Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal([9, 10, 13, 15, 19, 20, 24, 25, 26, 29], items.Where(i => i.GetProperty("deadlineText").GetString() == "持续推动").Select(i => i.GetProperty("number").GetInt32()));
        Assert.Equal([6, 27], items.Where(i => i.GetProperty("deadlineText").GetString() == "长期推动").Select(i => i.GetProperty("number").GetInt32()));
        Assert.All(items.Where(i => i.GetProperty("deadlineText").GetString() == "2021年12月底前"), i => Assert.Equal("2021-12-31", i.GetProperty("due").GetString()));

        // Several departments: the first named leads, the others cooperate; "高新区、经开区、保税区科技部门…" is three departments.
        var item10 = items[9];
        Assert.Equal("高新区科技部门和生物医药部门", item10.GetProperty("lead").GetProperty("name").GetString());
        Assert.Equal(["经开区科技部门和生物医药部门", "保税区科技部门和生物医药部门", "区科技局", "区卫健委"],
            item10.GetProperty("cooperating").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Equal(("区发改委", 2), (items[27].GetProperty("lead").GetProperty("name").GetString(), items[27].GetProperty("cooperating").GetArrayLength()));
    }

    [Theory]
    [InlineData("2021-06-30", "green")]
    [InlineData("2021-12-10", "yellow")]
    [InlineData("2021-12-31", "yellow")]
    [InlineData("2022-01-01", "red")]
    public async Task AnItemsLightFollowsItsDeadlineOnTheDayAsked(string asOf, string light)
    {
        var items = Items(await PlanAsync(asOf));
        var dated = items.Where(i => i.GetProperty("due").ValueKind == JsonValueKind.String && i.GetProperty("indicator").ValueKind == JsonValueKind.Null).ToArray();
        Assert.NotEmpty(dated);
        Assert.All(dated, i => Assert.Equal(light, i.GetProperty("light").GetString()));
        Assert.All(items.Where(i => i.GetProperty("due").ValueKind == JsonValueKind.Null), i => Assert.Equal("green", i.GetProperty("light").GetString()));
    }

    [Fact]
    public async Task DepartmentsAreRankedByTheLightsOfTheItemsTheyLead()
    {
        var plan = await PlanAsync("2022-01-01");
        var standings = plan.GetProperty("departments").EnumerateArray().ToArray();
        var items = Items(plan);
        Assert.Equal(13, standings.Length);
        Assert.Equal(31, standings.Sum(d => d.GetProperty("leads").GetInt32()));
        // 区卫健委 leads items 23-26; of these only 23 is due by a date (2021-12-31), and it is past: one red.
        var health = standings.Single(d => d.GetProperty("department").GetProperty("name").GetString() == "区卫健委");
        Assert.Equal((4, 2, 1, 3), (health.GetProperty("leads").GetInt32(), health.GetProperty("cooperates").GetInt32(),
            health.GetProperty("lights").GetProperty("red").GetInt32(), health.GetProperty("lights").GetProperty("green").GetInt32()));
        var reds = standings.Select(d => d.GetProperty("lights").GetProperty("red").GetInt32()).ToArray();
        Assert.Equal(reds.OrderDescending(), reds);
        Assert.Equal(items.Count(i => i.GetProperty("light").GetString() == "red"), reds.Sum());
    }

    [Fact]
    public async Task AnItemTheRegistryMeasuresShowsItsTargetsValueOnThatDay()
    {
        var client = api.Client(api.AdminToken, language: null);
        var picture = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync("/api/picture?asOf=2021-12-31"));
        var targets = picture.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
        var items = Items(await PlanAsync("2021-12-31"));
        var measured = items.Where(i => i.GetProperty("indicator").ValueKind == JsonValueKind.Object).ToArray();
        Assert.Equal([1, 2, 3, 4, 5, 8], measured.Select(i => i.GetProperty("number").GetInt32()));
        Assert.All(measured, i =>
        {
            var indicator = i.GetProperty("indicator");
            var target = targets[indicator.GetProperty("id").GetString()!];
            Assert.Equal(target.GetProperty("value").ToString(), indicator.GetProperty("value").ToString());
            Assert.Equal(target.GetProperty("met").GetBoolean() ? "green" : "yellow", i.GetProperty("light").GetString());
        });
    }

    [Fact]
    public async Task TheTaskBreakdownOnADayComesAsAWorkbook()
    {
        var client = api.Client(api.AdminToken, language: null);
        var response = await client.GetAsync("/api/plans/cell-2021/items?asOf=2022-01-01&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToArray();
        Assert.Equal(31, rows.Length);
        var item23 = rows.Single(r => Convert.ToInt32(r["事项序号"]) == 23);
        Assert.Equal(("区卫健委", "红灯", "逾期未完成", "2021年12月底前"),
            ((string?)item23["牵头部门"], (string?)item23["督办"], (string?)item23["督办说明"], (string?)item23["完成时限"]));
    }

    [Fact]
    public async Task OnlyReadersOfThePictureReadThePlan()
    {
        var viewer = api.Client(await api.MintAsync("viewer"), language: null);
        await HttpAssert.Status(HttpStatusCode.OK, await viewer.GetAsync("/api/plans"));
        var departments = await HttpAssert.Status(HttpStatusCode.OK, await viewer.GetAsync("/api/departments?plan=cell-2021"));
        Assert.Contains(departments.EnumerateArray(), d => d.GetProperty("name").GetString() == "区卫健委" && d.GetProperty("leads").GetInt32() == 4);
        var enterprise = api.Client(await api.MintAsync("enterprise", Codes.NewCode()), language: null);
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.GetAsync("/api/plans/cell-2021"));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await viewer.GetAsync("/api/plans/no-such-plan"));
        await HttpAssert.NamesField(await viewer.GetAsync("/api/plans/cell-2021?asOf=2999-01-01"), "asOf");
    }
}
