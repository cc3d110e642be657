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

        // Staff change the record directly: both proposals are now stale; accepting one finds it lapsed, nothing applied.
        await HttpAssert.Status(HttpStatusCode.OK, await PatchAsync(staff, code, new { district = "经开区" }));
        var stale = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/proposals/{first.GetProperty("id").GetString()}"));
        Assert.True(stale.GetProperty("stale").GetBoolean());
        var lapsed = await HttpAssert.Problem(HttpStatusCode.Conflict, await staff.PostAsJsonAsync($"/api/proposals/{first.GetProperty("id").GetString()}/review",
            new { decisions = new { headcount = "accept" } }));
        Assert.Contains("lapsed", lapsed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var now = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/proposals/{first.GetProperty("id").GetString()}"));
        Assert.Equal("lapsed", now.GetProperty("state").GetString());
        var record = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync($"/api/enterprises/{code}"));
        Assert.Equal(40, record.GetProperty("headcount").GetInt32());

        // The enterprise withdraws the other; staff cannot withdraw for it; a bad change is refused before any proposal is made.
        var secondId = second.GetProperty("id").GetString();
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await staff.PostAsync($"/api/proposals/{secondId}/withdraw", null));
        var withdrawn = await HttpAssert.Status(HttpStatusCode.OK, await own.PostAsync($"/api/proposals/{secondId}/withdraw", null));
        Assert.Equal("withdrawn", withdrawn.GetProperty("state").GetString());
        await HttpAssert.NamesField(await PatchAsync(own, code, new { headcount = -3 }), "headcount");
        var mine = await HttpAssert.Status(HttpStatusCode.OK, await own.GetAsync($"/api/enterprises/{code}/proposals"));
        Assert.Equal(["withdrawn", "lapsed"], mine.EnumerateArray().Select(p => p.GetProperty("state").GetString()));
    }
}
