using System.Net;
using System.Net.Http.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Api;

/// <summary>Problem details speak Chinese by default and English when asked.</summary>
[Collection(ApiCollection.Name)]
public sealed class LocalizationTests(ApiFixture api)
{
    private static object BadEnterprise() => new { creditCode = Codes.NewCode(), name = "毒\u0000丸", segments = new[] { "抗体" }, foundedOn = "0001-01-01" };

    [Fact]
    public async Task ABadRequestIsExplainedInChineseByDefault()
    {
        using var client = api.Client(api.AdminToken, language: null);
        var response = await client.PostAsJsonAsync("/api/enterprises", BadEnterprise());

        var problem = await HttpAssert.NamesField(response, "name", "不得包含 NUL 字符");
        Assert.Equal("请求无效", problem.GetProperty("title").GetString());
        Assert.Contains("必须是 1900-01-01 至 2100-12-31 之间的日期", problem.GetProperty("errors").GetProperty("foundedOn")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("zh-CN", response.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task TheSameBadRequestIsExplainedInEnglishWhenAskedFor()
    {
        using var client = api.Client(api.AdminToken, language: "en-US");
        var response = await client.PostAsJsonAsync("/api/enterprises", BadEnterprise());

        var problem = await HttpAssert.NamesField(response, "name", "must not contain the NUL character");
        Assert.Equal("The request is invalid", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AuthenticationAndPreconditionProblemsAreInChinese()
    {
        using var anonymous = api.Client(language: "zh-CN");
        var unauthorized = await HttpAssert.Problem(HttpStatusCode.Unauthorized, await anonymous.GetAsync("/api/taxonomy"));
        Assert.Equal("需要登录", unauthorized.GetProperty("title").GetString());

        using var client = api.Client(api.AdminToken, language: "zh-CN");
        var code = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await client.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name = "本地化生物有限公司", segments = new[] { "抗体" } }));
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/enterprises/{code}") { Content = JsonContent.Create(new { headcount = 5 }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "\"9\"");
        var stale = await HttpAssert.Problem(HttpStatusCode.PreconditionFailed, await client.SendAsync(patch));
        Assert.Equal("记录已被他人修改", stale.GetProperty("title").GetString());
        Assert.Contains("当前 ETag 为 \"1\"", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEnterpriseProfilesRulesAreExplainedInChinese()
    {
        using var client = api.Client(api.AdminToken, language: null);
        var response = await client.PostAsJsonAsync("/api/enterprises", new
        {
            creditCode = Codes.NewCode(), name = "规则生物有限公司", segments = new[] { "炼金术" }, headcount = -5,
            contacts = new[] { new { name = "王五", phone = "电话号码", email = "not-an-address" } },
        });

        var problem = await HttpAssert.NamesField(response, "segments[0]", "“炼金术”不是已知赛道");
        var errors = problem.GetProperty("errors");
        Assert.StartsWith("必须在 0 到", errors.GetProperty("headcount")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("只能包含数字、空格和 + - ( )", errors.GetProperty("contacts[0].phone")[0].GetString());
        Assert.Equal("必须是电子邮件地址（name@domain）", errors.GetProperty("contacts[0].email")[0].GetString());

        await HttpAssert.NamesField(await client.GetAsync("/api/enterprises/91350100M000100Y44"), "code", "校验码为“4”，按 GB 32100-2015 应为“3”");
        await HttpAssert.NamesField(await client.GetAsync("/api/enterprises/91350100M000100Y4Z"), "code", "第 18 位的字符“Z”不允许");
    }

    [Fact]
    public async Task TenancyConflictsAndMissingThingsAreExplainedInChinese()
    {
        using var client = api.Client(api.AdminToken, language: null);
        var park = await ParkBuilder.CreateAsync(client, ("Z-1", 300m, "2024-01-01"));
        var tenant = await ParkBuilder.EnterpriseAsync(client);
        await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(client, park, tenant, "Z-1", 300, "2025-01-01", "2027-01-01"));

        var clash = await HttpAssert.Problem(HttpStatusCode.Conflict, await ParkBuilder.LeaseAsync(client, park, tenant, "Z-1", 100, "2026-01-01", "2026-06-01"));
        Assert.Equal("冲突", clash.GetProperty("title").GetString());
        Assert.Matches("^单元 Z-1 已由租约 \\S+ 租给 " + tenant + "，租期 2025-01-01 至 2027-01-01$", clash.GetProperty("errors").GetProperty("unitId")[0].GetString());

        await HttpAssert.NamesField(await ParkBuilder.LeaseAsync(client, park, tenant, "Z-9", 100, "2026-01-01", "2025-06-01"), "unitId", "“Z-9”不是本园区的单元");
        var missing = await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync("/api/parks/no-such-park/leases"));
        Assert.Equal("不存在园区“no-such-park”。", missing.GetProperty("detail").GetString());
        var nowhere = await HttpAssert.Problem(HttpStatusCode.NotFound, await client.GetAsync("/api/no-such-route"));
        Assert.Equal("未找到", nowhere.GetProperty("title").GetString());
    }
}
