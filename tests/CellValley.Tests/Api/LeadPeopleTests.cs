using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Leads belong to people, not tokens: ownership survives a new token, colleagues can be found to hand over to, and duplicates are caught.</summary>
[Collection(ApiCollection.Name)]
public sealed class LeadPeopleTests(ApiFixture api)
{
    private async Task<(string Secret, string TokenId, string PersonId)> MintAsync(HttpClient admin, string label, string? person = null)
    {
        var minted = await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/admin/tokens", new { role = "staff", label, person }));
        return (minted.GetProperty("token").GetString()!, minted.GetProperty("id").GetString()!, minted.GetProperty("personId").GetString()!);
    }

    private static object Lead(string company, string? creditCode = null, bool? confirmDuplicate = null) =>
        new { company, creditCode, segment = "抗体", chainLink = "抗体", source = "forum", confirmDuplicate };

    [Fact]
    public async Task ALeadStaysWithItsOwnerWhenTheirTokenIsReplacedAndCanBeHandedToAColleague()
    {
        using var admin = api.Client(api.AdminToken);
        var name = "招商 王五 " + Guid.NewGuid().ToString("N")[..4];
        var (first, firstId, person) = await MintAsync(admin, name);
        var (_, _, colleague) = await MintAsync(admin, "招商 赵六");

        using var wang = api.Client(first);
        var lead = await HttpAssert.Status(HttpStatusCode.Created, await wang.PostAsJsonAsync("/api/leads", Lead("人员测试公司" + name[^4..])));
        var id = lead.GetProperty("id").GetString();
        Assert.Equal((person, name), (lead.GetProperty("ownerId").GetString(), lead.GetProperty("ownerName").GetString()));

        // A new token for the same person; the old one revoked.
        await HttpAssert.Status(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/admin/tokens/{firstId}"));
        var (second, _, samePerson) = await MintAsync(admin, "王五的新令牌", person);
        Assert.Equal(person, samePerson);
        using var wangAgain = api.Client(second);
        foreach (var owner in new[] { person, name })
        {
            var mine = await HttpAssert.Status(HttpStatusCode.OK, await wangAgain.GetAsync($"/api/leads?owner={Uri.EscapeDataString(owner)}"));
            Assert.Contains(mine.GetProperty("items").EnumerateArray(), l => l.GetProperty("leadId").GetString() == id);
        }

        var people = await HttpAssert.Status(HttpStatusCode.OK, await wangAgain.GetAsync("/api/people"));
        Assert.Contains(people.EnumerateArray(), p => p.GetProperty("id").GetString() == colleague && p.GetProperty("active").GetBoolean());
        var handed = await HttpAssert.Status(HttpStatusCode.OK, await wangAgain.PostAsJsonAsync($"/api/leads/{id}/owner", new { ownerId = colleague }));
        Assert.Equal("招商 赵六", handed.GetProperty("ownerName").GetString());

        var (gone, goneToken, goneId) = await MintAsync(admin, "已离岗");
        await HttpAssert.Status(HttpStatusCode.NoContent, await admin.DeleteAsync($"/api/admin/tokens/{goneToken}"));
        await HttpAssert.NamesField(await wangAgain.PostAsJsonAsync($"/api/leads/{id}/owner", new { ownerId = goneId }), "ownerId");
        _ = gone;
    }

    [Fact]
    public async Task OpeningASecondLeadForTheSameCompanyIsCaughtUnlessConfirmed()
    {
        using var staff = api.Client(await api.MintAsync("staff"), language: null);
        var company = "重复 线索公司" + Guid.NewGuid().ToString("N")[..4];
        var code = Codes.NewCode();
        var first = await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync("/api/leads", Lead(company, code)));
        var firstId = first.GetProperty("id").GetString()!;

        var again = await HttpAssert.Problem(HttpStatusCode.Conflict, await staff.PostAsJsonAsync("/api/leads", Lead(company.Replace(" ", ""))));
        Assert.Contains(firstId, again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("已有进行中的线索", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await HttpAssert.Problem(HttpStatusCode.Conflict, await staff.PostAsJsonAsync("/api/leads", Lead("另一个名字", code)));
        await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync("/api/leads", Lead(company, confirmDuplicate: true)));
    }

    [Fact]
    public async Task StageMovesNameWhoMovedThemAndLostLeadsSayWhereTheyWent()
    {
        using var admin = api.Client(api.AdminToken);
        var (secret, _, _) = await MintAsync(admin, "招商 孙七");
        using var staff = api.Client(secret);
        var lead = await HttpAssert.Status(HttpStatusCode.Created, await staff.PostAsJsonAsync("/api/leads", Lead("流失公司" + Guid.NewGuid().ToString("N")[..4])));
        var id = lead.GetProperty("id").GetString();
        var moved = await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsJsonAsync($"/api/leads/{id}/stages", new { stage = "contact" }));
        Assert.Equal("招商 孙七", moved.GetProperty("stages")[1].GetProperty("by").GetString());

        await HttpAssert.Status(HttpStatusCode.OK, await staff.PostAsJsonAsync($"/api/leads/{id}/status", new { status = "lost", reason = "成都给出更高补贴", lostTo = "成都" }));
        var lost = await HttpAssert.Status(HttpStatusCode.OK, await staff.GetAsync("/api/leads?status=lost&pageSize=200"));
        var row = lost.GetProperty("items").EnumerateArray().Single(l => l.GetProperty("leadId").GetString() == id);
        Assert.Equal(("成都", "成都给出更高补贴"), (row.GetProperty("lostTo").GetString(), row.GetProperty("statusReason").GetString()));
    }
    [Fact]
    public async Task AColleagueWithOnlyAConsoleAccountCanBeHandedALead()
    {
        using var admin = api.Client(api.AdminToken);
        var name = "招商 钱七 " + Guid.NewGuid().ToString("N")[..4];
        await api.AccountAsync("staff", displayName: name);
        var people = await HttpAssert.Status(HttpStatusCode.OK, await admin.GetAsync("/api/people"));
        var person = people.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
        Assert.True(person.GetProperty("active").GetBoolean());
        Assert.Equal(["staff"], person.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var lead = await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/leads", Lead("账户交接公司" + name[^4..])));
        var handed = await HttpAssert.Status(HttpStatusCode.OK, await admin.PostAsJsonAsync(
            $"/api/leads/{lead.GetProperty("id").GetString()}/owner", new { ownerId = person.GetProperty("id").GetString() }));
        Assert.Equal(name, handed.GetProperty("ownerName").GetString());
    }
}
