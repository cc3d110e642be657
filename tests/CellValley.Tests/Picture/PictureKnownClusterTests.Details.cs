using System.Net;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Picture;

/// <summary>
/// Every number of the picture opens the list it counts (/api/picture/enterprises, products, funding,
/// leads, platforms): the same day, park and segment, so the list's total is the number.
/// </summary>
public sealed partial class PictureKnownClusterTests
{
    [Theory]
    [InlineData("")]
    [InlineData("asOf=2025-03-15")]
    [InlineData("park=bio-innovation-center")]
    [InlineData("park=bio-innovation-center&asOf=2025-06-01")]
    [InlineData("segment=%E7%BB%86%E8%83%9E%E6%B2%BB%E7%96%97")]
    [InlineData("asOf=2025-12-31&segment=%E6%8A%97%E4%BD%93")]
    public async Task EveryNumberIsTheLengthOfTheListBehindIt(string view)
    {
        var p = await Picture("?" + view);
        var checkedNumbers = 0;
        async Task Same(int expected, string list, string query)
        {
            Assert.True(expected == await ListTotal(list, view, query), $"{list}?{query} in view '{view}': the picture says {expected}");
            checkedNumbers++;
        }

        var enterprises = p.GetProperty("enterprises");
        await Same(enterprises.GetProperty("total").GetInt32(), "enterprises", "");
        foreach (var tier in enterprises.GetProperty("byTier").EnumerateArray())
        {
            var code = tier.GetProperty("tier").GetString();
            await Same(tier.GetProperty("count").GetInt32(), "enterprises", $"tier={code}");
            await Same(tier.GetProperty("expired").GetInt32(), "enterprises", $"tier={code}&expired=true");
        }

        foreach (var segment in enterprises.GetProperty("bySegment").EnumerateArray())
        {
            await Same(segment.GetProperty("count").GetInt32(), "enterprises", "holds=" + Uri.EscapeDataString(segment.GetProperty("segment").GetString()!));
        }

        var moves = p.GetProperty("tierMoves");
        foreach (var move in new[] { "up", "down", "expired" })
        {
            await Same(moves.GetProperty(move).GetInt32(), "enterprises", $"move={move}&movesFrom={moves.GetProperty("from").GetString()}");
        }

        var pipeline = p.GetProperty("pipeline");
        await Same(pipeline.GetProperty("total").GetInt32(), "products", "");
        foreach (var (section, query) in new[] { ("byStage", ""), ("medicinesByStage", "&class=medicine"), ("classOneDrugs", "&class=class-one"), ("innovativeDevices", "&class=innovative-device") })
        {
            foreach (var stage in pipeline.GetProperty(section).EnumerateArray())
            {
                await Same(stage.GetProperty("count").GetInt32(), "products", $"stage={stage.GetProperty("stage").GetString()}{query}");
            }
        }

        foreach (var kind in pipeline.GetProperty("byKind").EnumerateArray())
        {
            await Same(kind.GetProperty("count").GetInt32(), "products", $"kind={kind.GetProperty("kind").GetString()}");
        }

        // Funding is a sum, not a count: the rows of a year and source add up to its amount.
        foreach (var row in p.GetProperty("funding").EnumerateArray())
        {
            var year = row.GetProperty("year").GetInt32();
            var source = row.GetProperty("source").GetString();
            var items = await List("funding", view, $"year={year}&source={source}");
            Assert.Equal(row.GetProperty("amount").GetDecimal(), items.Where(i => i.GetProperty("currency").GetString() == row.GetProperty("currency").GetString()).Sum(i => i.GetProperty("amount").GetDecimal()));
            checkedNumbers++;
        }

        foreach (var link in p.GetProperty("chain").EnumerateArray())
        {
            var code = link.GetProperty("code").GetString();
            await Same(link.GetProperty("enterprises").GetInt32(), "enterprises", $"link={code}");
            await Same(link.GetProperty("platforms").GetInt32(), "platforms", $"link={code}");
            if (link.GetProperty("gap").GetBoolean())
            {
                await Same(link.GetProperty("leads").GetArrayLength(), "leads", $"link={code}");
            }
        }

        foreach (var stage in p.GetProperty("funnel").EnumerateArray())
        {
            var code = stage.GetProperty("stage").GetString();
            await Same(stage.GetProperty("reached").GetInt32(), "leads", $"reached={code}");
            await Same(stage.GetProperty("now").GetInt32(), "leads", $"now={code}");
        }

        foreach (var target in p.GetProperty("targets").EnumerateArray())
        {
            var id = target.GetProperty("id").GetString();
            var value = target.GetProperty("value");
            switch (id)
            {
                case "new-drugs-approved" or "class-one-clinical":
                    await Same(value.GetInt32(), "products", $"target={id}");
                    break;
                case "service-platforms" or "industrialisation-bases":
                    await Same(value.GetInt32(), "platforms", $"target={id}");
                    break;
                case "leader-enterprises":
                    await Same(value.GetInt32(), "enterprises", "tier=leader&expired=false");
                    break;
            }
        }

        Assert.True(checkedNumbers > 80, $"only {checkedNumbers} numbers compared");
    }

    [Fact]
    public async Task TheListsNameWhatTheHandCountCounted()
    {
        Assert.Equal(["二号材料"], Names(await List("enterprises", "", "tier=leader&expired=false")));
        Assert.Equal(["一号细胞", "三号抗体", "二号材料"], Names(await List("enterprises", "", "")).Order());

        // The moves since 2025-01-01: 一号细胞 eaglet → gazelle on 2025-05-01, 二号材料 straight to leader on 2025-01-15.
        var up = await List("enterprises", "", "move=up&movesFrom=2025-01-01");
        Assert.Equal(["一号细胞 eaglet→gazelle 2025-05-01", "二号材料 none→leader 2025-01-15"],
            up.Select(e => $"{e.GetProperty("name").GetString()} {e.GetProperty("previousTier").GetString()}→{e.GetProperty("tier").GetString()} {e.GetProperty("movedOn").GetString()}"));

        // Class-I clinical approvals since the plan began: the CAR-T now in phase 1 and the innovative device.
        var clinical = await List("products", "", "target=class-one-clinical");
        Assert.Equal(["P1 phase-1 一号细胞", "P3 clinical-approved 二号材料"],
            clinical.Select(x => $"{x.GetProperty("name").GetString()} {x.GetProperty("stage").GetString()} {x.GetProperty("enterpriseName").GetString()}").Order());

        // 2024's equity: 一号细胞's own A round and the merged duplicate's pre-A, both under 一号细胞 now.
        var equity = await List("funding", "", "year=2024&source=equity");
        Assert.Equal(["2024-08-01/day 一号细胞 5000000 pre-a", "2024-05-01/month 一号细胞 10000000 a"],
            equity.Select(f => $"{f.GetProperty("fundedOn").GetString()}/{f.GetProperty("datePrecision").GetString()} {f.GetProperty("enterpriseName").GetString()} {f.GetProperty("amount").GetDecimal():0} {f.GetProperty("detail").GetString()}"));

        // The ¥20M B round led by a guidance fund is counted under guidance-fund, not equity.
        var guidance = Assert.Single(await List("funding", "", "year=2025&source=guidance-fund"));
        Assert.Equal(("二号材料", 20_000_000m, "equity"), (guidance.GetProperty("enterpriseName").GetString(), guidance.GetProperty("amount").GetDecimal(), guidance.GetProperty("kind").GetString()));

        Assert.Equal(["f1-" + _e1[^4..]], (await List("platforms", "", "target=service-platforms")).Select(x => x.GetProperty("platformId").GetString()));
        Assert.Equal(["L1 试剂"], (await List("leads", "", "now=visit")).Select(x => x.GetProperty("company").GetString()));
        Assert.Equal(["L2 抗体"], (await List("leads", "asOf=2025-03-15", "link=rd-antibody")).Select(x => x.GetProperty("company").GetString()));

        // 四号细胞 was here on 2025-03-15, and is not today.
        Assert.Contains("四号细胞", Names(await List("enterprises", "asOf=2025-03-15", "holds=" + Uri.EscapeDataString("细胞治疗"))));
        Assert.DoesNotContain("四号细胞", Names(await List("enterprises", "", "holds=" + Uri.EscapeDataString("细胞治疗"))));
    }

    [Theory]
    [InlineData("enterprises?tier=emperor", "tier")]
    [InlineData("enterprises?move=sideways", "move")]
    [InlineData("enterprises?move=up&tier=leader", "tier")]
    [InlineData("enterprises?holds=%E7%82%BC%E9%87%91", "holds")]
    [InlineData("enterprises?link=alchemy", "link")]
    [InlineData("enterprises?asOf=2999-01-01", "asOf")]
    [InlineData("products?stage=orbit", "stage")]
    [InlineData("products?class=magic", "class")]
    [InlineData("products?target=service-platforms", "target")]
    [InlineData("funding?source=lottery", "source")]
    [InlineData("funding?year=1066", "year")]
    [InlineData("leads?reached=orbit", "reached")]
    [InlineData("platforms?target=leader-enterprises", "target")]
    [InlineData("platforms?pageSize=1000", "pageSize")]
    public async Task BadDetailQuestionsAre400(string query, string field) =>
        await HttpAssert.NamesField(await _client.GetAsync("/api/picture/" + query), field);

    [Fact]
    public async Task EnterpriseTokensDoNotSeeTheDetails()
    {
        using var enterprise = _api.Client(await _api.MintAsync("enterprise", _e1));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await enterprise.GetAsync("/api/picture/enterprises"));
    }

    private async Task<JsonElement[]> List(string list, string view, string query)
    {
        var page = await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/picture/{list}?pageSize=200&{view}&{query}"));
        var items = page.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(page.GetProperty("total").GetInt64(), items.Length);
        return items;
    }

    private async Task<long> ListTotal(string list, string view, string query) =>
        (await Ok(HttpStatusCode.OK, _client.GetAsync($"/api/picture/{list}?pageSize=1&{view}&{query}"))).GetProperty("total").GetInt64();

    private static IEnumerable<string> Names(IEnumerable<JsonElement> items) => items.Select(e => e.GetProperty("name").GetString()!);
}
