using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>
/// Self-service with review: an enterprise's own profile changes wait for staff (contacts apply at once); staff accept or reject
/// each field; only accepted fields reach the record; a proposal lapses when the record changes under it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProposalTests(ApiFixture api)
{
    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string code, object body)
    {
        var current = await client.GetAsync($"/api/enterprises/{code}");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{code}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        return await client.SendAsync(request);
    }

    private async Task<(HttpClient Staff, HttpClient Own, string Code)> EnterpriseAsync()
    {
        var staff = api.Client(await api.MintAsync("staff"));
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync("/api/enterprises", new
        {
            creditCode = code, name = "提案测试生物" + code[^4..], segments = new[] { "细胞治疗" }, district = "滨海高新区",
            headcount = 40, revenueYuan = 10_000_000, financialYear = 2025,
        }));
        return (staff, api.Client(await api.MintAsync("enterprise", code)), code);
    }

    [Fact]
    public async Task StaffAcceptOneFieldAndRejectAnotherAndOnlyTheAcceptedOneReachesTheRecord()
    {
        var (staff, own, code) = await EnterpriseAsync();
        using var _ = staff;
        using var __ = own;

        // Headcount and revenue wait for review; the contact applies at once.
        var response = await PatchAsync(own, code, new
        {
            headcount = 55, revenueYuan = 18_000_000, contacts = new[] { new { name = "李四", title = "董秘", phone = "022-66000000" } }, comment = "2025年报数据",
        });
        var proposal = await HttpAssert.Status(HttpStatusCode.Accepted, response);
        var id = proposal.GetProperty("id").GetString()!;
        Assert.Equal($"/api/proposals/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(("pending", false, "2025年报数据"), (proposal.GetProperty("state").GetString(), proposal.GetProperty("stale").GetBoolean(), proposal.GetProperty("comment").GetString()));
        Assert.Equal(["headcount", "revenueYuan"], proposal.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()));
        var headcount = proposal.GetProperty("fields")[0];
        Assert.Equal((40, 55), (headcount.GetProperty("from").GetInt32(), headcount.GetProperty("to").GetInt32()));
        var record = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal((40, 10_000_000m, "李四"), (record.GetProperty("headcount").GetInt32(), record.GetProperty("revenueYuan").GetDecimal(),
            record.GetProperty("contacts")[0].GetProperty("name").GetString()));

        // It is in the review queue, oldest first; the enterprise sees it among its own; another enterprise does not.
        var queue = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync("/api/proposals?district=滨海高新区&pageSize=100"));
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), p => p.GetProperty("proposalId").GetString() == id);
        var times = queue.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("proposedAt").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.Order(), times);
        var mine = await HttpAssert.Status(HttpStatusCode.OK, await own.GetAsync($"/api/enterprises/{code}/proposals"));
        Assert.Equal(id, mine[0].GetProperty("proposalId").GetString());
        using var other = api.Client(await api.MintAsync("enterprise", Codes.NewCode()));
        await HttpAssert.Problem(HttpStatusCode.NotFound, await other.GetAsync($"/api/proposals/{id}"));

        // An enterprise does not review its own proposal; every field must be decided.
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await own.PostAsJsonAsync($"/api/proposals/{id}/review", new { decisions = new { headcount = "accept", revenueYuan = "accept" } }));
        await HttpAssert.NamesField(await staff.PostAsJsonAsync($"/api/proposals/{id}/review", new { decisions = new { headcount = "accept" } }), "decisions.revenueYuan", "one of");

        var reviewed = await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsJsonAsync($"/api/proposals/{id}/review",
            new { decisions = new { headcount = "accept", revenueYuan = "reject" }, comment = "营业收入请附审计报告" }));
        Assert.Equal("partly-accepted", reviewed.GetProperty("state").GetString());
        record = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal((55, 10_000_000m), (record.GetProperty("headcount").GetInt32(), record.GetProperty("revenueYuan").GetDecimal()));
        // The list (the read table the picture and lists use) has the accepted field only.
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises?q={code}"));
        Assert.Equal(55, listed.GetProperty("items")[0].GetProperty("headcount").GetInt32());

        // The history names the reviewer (actor) and the proposer.
        var history = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises/{code}/history"));
        var accepted = history.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "ProposalAccepted");
        Assert.Equal("staff", accepted.GetProperty("actorRole").GetString());
        var changes = accepted.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!);
        Assert.Equal("test enterprise", changes["proposedBy"].GetProperty("to").GetString());
        Assert.Equal(id, changes["proposal"].GetProperty("to").GetString());
        Assert.False(changes.ContainsKey("revenueYuan"));

        // The enterprise reads the outcome and the reviewer's comment among its proposals.
        var outcome = (await HttpAssert.Status(HttpStatusCode.OK, await own.GetAsync($"/api/enterprises/{code}/proposals")))[0];
        Assert.Equal(("partly-accepted", "营业收入请附审计报告"), (outcome.GetProperty("state").GetString(), outcome.GetProperty("reviewComment").GetString()));

        // Reviewed once: no second review, no withdrawal.
        await HttpAssert.Problem(HttpStatusCode.Conflict, await staff.PostAsJsonAsync($"/api/proposals/{id}/review", new { decisions = new { headcount = "reject", revenueYuan = "reject" } }));
        await HttpAssert.Problem(HttpStatusCode.Conflict, await own.PostAsync($"/api/proposals/{id}/withdraw", null));
    }

    [Fact]
    public async Task AYearsFiguresAreDecidedWithTheirYear()
    {
        var (staff, own, code) = await EnterpriseAsync();
        using var _ = staff;
        using var __ = own;
        var proposal = await HttpAssert.Status(HttpStatusCode.Accepted,
            await PatchAsync(own, code, new { revenueYuan = 12_000_000, rdSpendYuan = 3_000_000, financialYear = 2026, headcount = 41 }));
        var url = $"/api/proposals/{proposal.GetProperty("id").GetString()}/review";

        // The year accepted without its revenue would date last year's revenue as this year's: refused, nothing applied.
        await HttpAssert.NamesField(await staff.PostAsJsonAsync(url,
            new { decisions = new { revenueYuan = "reject", rdSpendYuan = "accept", financialYear = "accept", headcount = "accept" } }), "decisions.financialYear");
        Assert.Equal(40, (await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises/{code}"))).GetProperty("headcount").GetInt32());

        // Decided together (here rejected), the headcount on its own.
        await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsJsonAsync(url,
            new { decisions = new { revenueYuan = "reject", rdSpendYuan = "reject", financialYear = "reject", headcount = "accept" } }));
        var record = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal((41, 10_000_000m, 2025), (record.GetProperty("headcount").GetInt32(), record.GetProperty("revenueYuan").GetDecimal(), record.GetProperty("financialYear").GetInt32()));
    }

    [Fact]
    public async Task ThePictureChangesOnlyWithTheAcceptedField()
    {
        var (staff, own, code) = await EnterpriseAsync();
        using var _ = staff;
        using var __ = own;
        static async Task<bool> HoldsAsync(HttpClient client, string segment, string code)
        {
            for (var page = 1; ; page++)
            {
                var list = await HttpAssert.Status(HttpStatusCode.OK, await client.GetAsync($"/api/picture/enterprises?holds={Uri.EscapeDataString(segment)}&pageSize=200&page={page}"));
                if (list.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("creditCode").GetString() == code))
                {
                    return true;
                }

                if (page * 200 >= list.GetProperty("total").GetInt64())
                {
                    return false;
                }
            }
        }

        // Segments (counted by the picture) and headcount proposed; segments rejected, headcount accepted.
        var proposal = await HttpAssert.Status(HttpStatusCode.Accepted, await PatchAsync(own, code, new { segments = new[] { "细胞治疗", "基因治疗" }, headcount = 44 }));
        Assert.False(await HoldsAsync(staff, "基因治疗", code));
        await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsJsonAsync($"/api/proposals/{proposal.GetProperty("id").GetString()}/review",
            new { decisions = new { segments = "reject", headcount = "accept" } }));
        Assert.False(await HoldsAsync(staff, "基因治疗", code));
        Assert.True(await HoldsAsync(staff, "细胞治疗", code));
        var listed = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises?q={code}"));
        Assert.Equal(44, listed.GetProperty("items")[0].GetProperty("headcount").GetInt32());
    }

    [Fact]
    public async Task AProposalLapsesWhenStaffEditTheRecordInBetweenAndCanBeWithdrawn()
    {
        var (staff, own, code) = await EnterpriseAsync();
        using var _ = staff;
        using var __ = own;
        var first = await HttpAssert.Status(HttpStatusCode.Accepted, await PatchAsync(own, code, new { headcount = 60 }));
        var second = await HttpAssert.Status(HttpStatusCode.Accepted, await PatchAsync(own, code, new { rdSpendYuan = 2_000_000 }));

        // Staff change the headcount directly: the headcount proposal is now stale, accepting it finds it lapsed, nothing applied;
        // the R&D proposal's field still holds what it was proposed from, and a change elsewhere (the district) leaves it reviewable.
        await HttpAssert.Status(HttpStatusCode.OK, await PatchAsync(staff, code, new { headcount = 45, district = "经开区" }));
        var stale = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/proposals/{first.GetProperty("id").GetString()}"));
        Assert.True(stale.GetProperty("stale").GetBoolean());
        var fresh = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/proposals/{second.GetProperty("id").GetString()}"));
        Assert.False(fresh.GetProperty("stale").GetBoolean());
        var lapsed = await HttpAssert.Problem(HttpStatusCode.Conflict, await staff.PostAsJsonAsync($"/api/proposals/{first.GetProperty("id").GetString()}/review",
            new { decisions = new { headcount = "accept" } }));
        Assert.Contains("lapsed", lapsed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var now = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/proposals/{first.GetProperty("id").GetString()}"));
        Assert.Equal("lapsed", now.GetProperty("state").GetString());
        var record = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal(45, record.GetProperty("headcount").GetInt32());

        // The enterprise withdraws the other; staff cannot withdraw for it; a bad change is refused before any proposal is made.
        var secondId = second.GetProperty("id").GetString();
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await staff.PostAsync($"/api/proposals/{secondId}/withdraw", null));
        var withdrawn = await HttpAssert.Status(HttpStatusCode.OK, await own.PostAsync($"/api/proposals/{secondId}/withdraw", null));
        Assert.Equal("withdrawn", withdrawn.GetProperty("state").GetString());
        await HttpAssert.NamesField(await PatchAsync(own, code, new { headcount = -3 }), "headcount");
        var mine = await HttpAssert.Status(HttpStatusCode.OK, await own.GetAsync($"/api/enterprises/{code}/proposals"));
        Assert.Equal(["withdrawn", "lapsed"], mine.EnumerateArray().Select(p => p.GetProperty("state").GetString()));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object body, string? etag = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        return await client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> ReviewAsync(HttpClient staff, JsonElement proposal, object decisions, string? comment = null) =>
        staff.PostAsJsonAsync($"/api/proposals/{proposal.GetProperty("id").GetString()}/review", new { decisions, comment });

    [Fact]
    public async Task AnEnterprisesProductStageMoveAndRoundWaitForReviewAndApplyInTheReviewersName()
    {
        var (staff, own, code) = await EnterpriseAsync();
        using var _ = staff;
        using var __ = own;
        var products = $"/api/enterprises/{code}/products";

        // A new product: 202 and the proposal, nothing in the pipeline yet; a bad one is refused before any proposal.
        await HttpAssert.NamesField(await own.PostAsJsonAsync(products, new { name = "CAR-T 注射液", kind = "no-such-kind" }), "kind");
        var added = await HttpAssert.Status(HttpStatusCode.Accepted, await own.PostAsJsonAsync(products,
            new { name = "CAR-T 注射液", kind = "cell-therapy-car-t", stage = "preclinical", stageDate = "2025-03-01", comment = "新立项管线" }));
        Assert.Equal(("product", "pending", "新立项管线"), (added.GetProperty("kind").GetString(), added.GetProperty("state").GetString(), added.GetProperty("comment").GetString()));
        var whole = Assert.Single(added.GetProperty("fields").EnumerateArray());
        Assert.Equal(("product", "CAR-T 注射液", "preclinical"), (whole.GetProperty("field").GetString(),
            whole.GetProperty("to").GetProperty("name").GetString(), whole.GetProperty("to").GetProperty("stage").GetString()));
        Assert.Empty((await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync(products))).EnumerateArray());

        // Staff accept it: the product is in the pipeline, its history's ProductAdded by staff naming the proposal and the proposer.
        var accepted = await HttpAssert.Status(HttpStatusCode.OK, await ReviewAsync(staff, added, new { product = "accept" }));
        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        var product = Assert.Single((await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync(products))).EnumerateArray());
        var productId = product.GetProperty("id").GetString()!;
        Assert.Equal(("CAR-T 注射液", "preclinical"), (product.GetProperty("name").GetString(), product.GetProperty("stage").GetString()));
        var history = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"{products}/{productId}/history"));
        var addedEvent = history.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "ProductAdded");
        Assert.Equal("staff", addedEvent.GetProperty("actorRole").GetString());
        var changes = addedEvent.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!);
        Assert.Equal((added.GetProperty("id").GetString(), "test enterprise"), (changes["proposal"].GetProperty("to").GetString(), changes["proposedBy"].GetProperty("to").GetString()));

        // A stage move: the proposal shows from → to; a stale If-Match is 412; staff accept; the product moves.
        var etag = (await staff.GetAsync($"{products}/{productId}")).Headers.ETag!.Tag;
        await HttpAssert.Problem(HttpStatusCode.PreconditionFailed,
            await SendAsync(own, HttpMethod.Post, $"{products}/{productId}/stages", new { stage = "ind-filed", date = "2025-06-01" }, "\"99\""));
        var move = await HttpAssert.Status(HttpStatusCode.Accepted,
            await SendAsync(own, HttpMethod.Post, $"{products}/{productId}/stages", new { stage = "ind-filed", date = "2025-06-01", note = "IND 已受理" }, etag));
        var stage = Assert.Single(move.GetProperty("fields").EnumerateArray());
        Assert.Equal(("stage", "preclinical", "ind-filed", productId, "CAR-T 注射液"), (stage.GetProperty("field").GetString(),
            stage.GetProperty("from").GetProperty("stage").GetString(), stage.GetProperty("to").GetProperty("stage").GetString(),
            move.GetProperty("productId").GetString(), move.GetProperty("productName").GetString()));
        Assert.Equal("preclinical", (await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"{products}/{productId}"))).GetProperty("stage").GetString());
        await HttpAssert.Status(HttpStatusCode.OK, await ReviewAsync(staff, move, new { stage = "accept" }));
        Assert.Equal("ind-filed", (await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"{products}/{productId}"))).GetProperty("stage").GetString());

        // A description change: field by field; the indication accepted, the name rejected.
        etag = (await staff.GetAsync($"{products}/{productId}")).Headers.ETag!.Tag;
        var update = await HttpAssert.Status(HttpStatusCode.Accepted,
            await SendAsync(own, HttpMethod.Patch, $"{products}/{productId}", new { name = "CV-001 注射液", indication = "复发难治性B细胞淋巴瘤" }, etag));
        Assert.Equal(["name", "indication"], update.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("field").GetString()));
        await HttpAssert.Status(HttpStatusCode.OK, await ReviewAsync(staff, update, new { name = "reject", indication = "accept" }, "名称以注册证为准"));
        product = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"{products}/{productId}"));
        Assert.Equal(("CAR-T 注射液", "复发难治性B细胞淋巴瘤"), (product.GetProperty("name").GetString(), product.GetProperty("indication").GetString()));

        // A round waits for review and, rejected, never counts; a grant is still staff's alone.
        var funding = $"/api/enterprises/{code}/funding";
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await own.PostAsJsonAsync(funding,
            new { kind = "grant", date = "2025-05-01", amount = 1_000_000, currency = "CNY", category = "no-matter" }));
        var round = await HttpAssert.Status(HttpStatusCode.Accepted, await own.PostAsJsonAsync(funding, new
        {
            kind = "equity", date = "2025-05-10", amount = 50_000_000, currency = "CNY", roundType = "a",
            investors = new[] { new { name = "滨海创投", type = "vc", lead = true } },
        }));
        Assert.Equal(50_000_000m, Assert.Single(round.GetProperty("fields").EnumerateArray()).GetProperty("to").GetProperty("amount").GetDecimal());
        Assert.Empty((await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync(funding))).GetProperty("entries").EnumerateArray());
        await HttpAssert.Status(HttpStatusCode.OK, await ReviewAsync(staff, round, new { funding = "reject" }, "请附投资协议"));
        Assert.Empty((await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync(funding))).GetProperty("entries").EnumerateArray());

        // Proposed again and accepted, it is recorded, in the reviewer's name for the proposer.
        var again = await HttpAssert.Status(HttpStatusCode.Accepted, await own.PostAsJsonAsync(funding, new
        {
            kind = "equity", date = "2025-05-10", amount = 50_000_000, currency = "CNY", roundType = "a",
            investors = new[] { new { name = "滨海创投", type = "vc", lead = true } },
        }));
        await HttpAssert.Status(HttpStatusCode.OK, await ReviewAsync(staff, again, new { funding = "accept" }));
        var entry = Assert.Single((await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync(funding))).GetProperty("entries").EnumerateArray());
        Assert.Equal((50_000_000m, "a"), (entry.GetProperty("amount").GetDecimal(), entry.GetProperty("roundType").GetString()));

        // Staff's own changes apply directly, as before.
        await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync(products, new { name = "干细胞外泌体", kind = "cell-therapy-car-t" }));
        var kinds = (await HttpAssert.Status(HttpStatusCode.OK, await own.GetAsync($"/api/enterprises/{code}/proposals"))).EnumerateArray()
            .Select(p => (p.GetProperty("kind").GetString(), p.GetProperty("state").GetString())).ToArray();
        Assert.Equal([("funding", "accepted"), ("funding", "rejected"), ("product-update", "partly-accepted"), ("stage", "accepted"), ("product", "accepted")], kinds);
    }

    [Fact]
    public async Task ARecordProposalLapsesOnlyWhenItsOwnFieldsChange()
    {
        var (staff, own, code) = await EnterpriseAsync();
        using var _ = staff;
        using var __ = own;
        var products = $"/api/enterprises/{code}/products";
        var created = await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync(products, new { name = "NK 细胞", kind = "cell-therapy-car-t", stageDate = "2025-01-01" }));
        var productId = created.GetProperty("id").GetString()!;

        // The enterprise proposes its headcount, a stage move and a second product.
        var headcount = await HttpAssert.Status(HttpStatusCode.Accepted, await PatchAsync(own, code, new { headcount = 70 }));
        var move = await HttpAssert.Status(HttpStatusCode.Accepted, await own.PostAsJsonAsync($"{products}/{productId}/stages", new { stage = "preclinical", date = "2025-04-01" }));
        var second = await HttpAssert.Status(HttpStatusCode.Accepted, await own.PostAsJsonAsync(products, new { name = "CAR-NK", kind = "cell-therapy-car-t" }));

        // Accepting the product changes the enterprise's record, not the headcount or the first product's stage: both stay reviewable.
        await HttpAssert.Status(HttpStatusCode.OK, await ReviewAsync(staff, second, new { product = "accept" }));
        var queue = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync("/api/proposals?pageSize=200"));
        var mine = queue.GetProperty("items").EnumerateArray().Where(p => p.GetProperty("creditCode").GetString() == code).ToArray();
        Assert.Equal([false, false], mine.Select(p => p.GetProperty("stale").GetBoolean()));
        await HttpAssert.Status(HttpStatusCode.OK, await ReviewAsync(staff, headcount, new { headcount = "accept" }));

        // Staff move the stage themselves: the enterprise's move no longer starts from where it did — it lapses, nothing applied.
        await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsJsonAsync($"{products}/{productId}/stages", new { stage = "ind-filed", date = "2025-05-01" }));
        Assert.True((await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/proposals/{move.GetProperty("id").GetString()}"))).GetProperty("stale").GetBoolean());
        await HttpAssert.Problem(HttpStatusCode.Conflict, await ReviewAsync(staff, move, new { stage = "accept" }));
        var product = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"{products}/{productId}"));
        Assert.Equal("ind-filed", product.GetProperty("stage").GetString());
        var lapsed = await HttpAssert.Status(HttpStatusCode.OK, await own.GetAsync($"/api/proposals/{move.GetProperty("id").GetString()}"));
        Assert.Equal("lapsed", lapsed.GetProperty("state").GetString());
        Assert.Equal(70, (await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises/{code}"))).GetProperty("headcount").GetInt32());
    }
}
