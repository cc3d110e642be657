using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Security;

/// <summary>
/// People's accounts: an admin creates one with a temporary password, the person signs in (session cookie),
/// must change it first, then works; cookie writes need the antiforgery token; wrong passwords lock the
/// account; disabling or resetting ends sessions at once. On a service of its own, so that the failed
/// sign-ins here do not throttle other tests' callers.
/// </summary>
public sealed class AccountTests : IClassFixture<IsolatedApiFixture>
{
    private readonly IsolatedApiFixture _api;
    private readonly HttpClient _admin;

    public AccountTests(IsolatedApiFixture api)
    {
        _api = api;
        _admin = api.Client(api.AdminToken, language: null);
    }

    [Fact]
    public async Task AnAdminCreatesAnAccountAndItsOwnerSignsInChangesThePasswordAndWorks()
    {
        var created = await Ok(HttpStatusCode.Created, _admin.PostAsJsonAsync("/api/admin/accounts", new { username = "Wang.Wu", displayName = "招商 王五", role = "staff" }));
        var temporary = created.GetProperty("temporaryPassword").GetString()!;
        Assert.Equal(("wang.wu", true), (created.GetProperty("account").GetProperty("username").GetString(), created.GetProperty("account").GetProperty("mustChangePassword").GetBoolean()));
        await HttpAssert.Problem(HttpStatusCode.Conflict, await _admin.PostAsJsonAsync("/api/admin/accounts", new { username = "wang.wu", displayName = "另一个王五", role = "viewer" }));

        using var browser = _api.SessionClient();
        var signIn = await browser.PostAsJsonAsync("/api/session", new { username = "WANG.WU ", password = temporary });
        var session = await HttpAssert.Status(HttpStatusCode.OK, signIn);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cv_session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(("session", "staff", "招商 王五"), (session.GetProperty("via").GetString(), session.GetProperty("role").GetString(), session.GetProperty("name").GetString()));

        // A temporary password opens nothing but the session routes until it is changed.
        var blocked = await HttpAssert.Problem(HttpStatusCode.Forbidden, await browser.GetAsync("/api/enterprises"));
        Assert.Contains("临时密码", blocked.GetProperty("detail").GetString());

        var antiforgery = session.GetProperty("antiforgeryToken").GetString()!;
        await HttpAssert.NamesField(await Send(browser, HttpMethod.Post, "/api/session/password", new { currentPassword = temporary, newPassword = "short1" }, antiforgery), "newPassword", "10");
        await HttpAssert.NamesField(await Send(browser, HttpMethod.Post, "/api/session/password", new { currentPassword = temporary, newPassword = "onlyletters-here" }, antiforgery), "newPassword", "字母和数字");
        await HttpAssert.NamesField(await Send(browser, HttpMethod.Post, "/api/session/password", new { currentPassword = temporary, newPassword = "wang.wu-2026-x" }, antiforgery), "newPassword", "用户名");
        await HttpAssert.NamesField(await Send(browser, HttpMethod.Post, "/api/session/password", new { currentPassword = "not-it-1234", newPassword = ApiFixture.NewPassword() }, antiforgery), "currentPassword", "不符");
        var changed = await Ok(HttpStatusCode.OK, Send(browser, HttpMethod.Post, "/api/session/password", new { currentPassword = temporary, newPassword = ApiFixture.NewPassword() }, antiforgery));
        Assert.False(changed.GetProperty("account").GetProperty("mustChangePassword").GetBoolean());
        antiforgery = changed.GetProperty("antiforgeryToken").GetString()!;

        // Reads need only the cookie; writes need the antiforgery token too.
        await Ok(HttpStatusCode.OK, browser.GetAsync("/api/enterprises"));
        var code = Codes.NewCode();
        var body = new { creditCode = code, name = "会话生物", segments = new[] { "抗体" } };
        var refused = await HttpAssert.Problem(HttpStatusCode.Forbidden, await browser.PostAsJsonAsync("/api/enterprises", body));
        Assert.Contains("防伪令牌", refused.GetProperty("detail").GetString());
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await Send(browser, HttpMethod.Post, "/api/enterprises", body, "forged"));
        await Ok(HttpStatusCode.Created, Send(browser, HttpMethod.Post, "/api/enterprises", body, antiforgery));
        var history = await Ok(HttpStatusCode.OK, _admin.GetAsync($"/api/enterprises/{code}/history"));
        Assert.Equal("招商 王五", history[0].GetProperty("actor").GetString());

        // Signing out ends the session.
        await HttpAssert.Status(HttpStatusCode.NoContent, await Send(browser, HttpMethod.Delete, "/api/session", null, antiforgery));
        await HttpAssert.Problem(HttpStatusCode.Unauthorized, await browser.GetAsync("/api/enterprises"));
    }

    [Fact]
    public async Task WrongPasswordsLockTheAccountUntilAnAdminResetsIt()
    {
        var (username, password) = await _api.AccountAsync("viewer");
        using var browser = _api.SessionClient();
        var wrong = await HttpAssert.Problem(HttpStatusCode.Unauthorized, await browser.PostAsJsonAsync("/api/session", new { username, password = "Wrong-password-1" }));
        Assert.Contains("用户名或密码不正确", wrong.GetProperty("detail").GetString());
        // An unknown username answers the same, so it does not tell which usernames exist.
        var unknown = await HttpAssert.Problem(HttpStatusCode.Unauthorized, await browser.PostAsJsonAsync("/api/session", new { username = "nobody-here", password = "Wrong-password-1" }));
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());

        for (var i = 2; i < 5; i++)
        {
            await HttpAssert.Problem(HttpStatusCode.Unauthorized, await browser.PostAsJsonAsync("/api/session", new { username, password = "Wrong-password-1" }));
        }

        var fifth = await browser.PostAsJsonAsync("/api/session", new { username, password = "Wrong-password-1" });
        var locked = await HttpAssert.Problem(HttpStatusCode.TooManyRequests, fifth);
        Assert.Contains("已锁定", locked.GetProperty("detail").GetString());
        Assert.True(fifth.Headers.RetryAfter?.Delta > TimeSpan.FromMinutes(10));
        // The right password does not open a locked account either.
        await HttpAssert.Problem(HttpStatusCode.TooManyRequests, await browser.PostAsJsonAsync("/api/session", new { username, password }));

        var id = (await Account(username)).GetProperty("id").GetString();
        Assert.True((await Account(username)).TryGetProperty("lockedUntil", out var until) && until.ValueKind == JsonValueKind.String);
        var reset = await Ok(HttpStatusCode.OK, _admin.PostAsync($"/api/admin/accounts/{id}/password-reset", null));
        var session = await Ok(HttpStatusCode.OK, browser.PostAsJsonAsync("/api/session", new { username, password = reset.GetProperty("temporaryPassword").GetString() }));
        Assert.True(session.GetProperty("account").GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsSessionsAtOnceAndResettingEndsThemToo()
    {
        var (username, password) = await _api.AccountAsync("staff");
        using var browser = _api.SessionClient();
        await Ok(HttpStatusCode.OK, browser.PostAsJsonAsync("/api/session", new { username, password }));
        await Ok(HttpStatusCode.OK, browser.GetAsync("/api/enterprises"));

        var id = (await Account(username)).GetProperty("id").GetString();
        var disabled = await Ok(HttpStatusCode.OK, _admin.PostAsync($"/api/admin/accounts/{id}/disable", null));
        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        await HttpAssert.Problem(HttpStatusCode.Unauthorized, await browser.GetAsync("/api/enterprises"));
        var refused = await HttpAssert.Problem(HttpStatusCode.Forbidden, await browser.PostAsJsonAsync("/api/session", new { username, password }));
        Assert.Contains("已停用", refused.GetProperty("detail").GetString());

        await Ok(HttpStatusCode.OK, _admin.PostAsync($"/api/admin/accounts/{id}/enable", null));
        await Ok(HttpStatusCode.OK, browser.PostAsJsonAsync("/api/session", new { username, password }));
        await Ok(HttpStatusCode.OK, browser.GetAsync("/api/enterprises"));
        await Ok(HttpStatusCode.OK, _admin.PostAsync($"/api/admin/accounts/{id}/password-reset", null));
        await HttpAssert.Problem(HttpStatusCode.Unauthorized, await browser.GetAsync("/api/enterprises"));
    }

    [Fact]
    public async Task AccountsActWithinTheirRoleAndScopeAndOnlyAdminsManageThem()
    {
        var code = Codes.NewCode();
        await Ok(HttpStatusCode.Created, _admin.PostAsJsonAsync("/api/enterprises", new { creditCode = code, name = "自助生物", segments = new[] { "抗体" } }));
        await HttpAssert.NamesField(await _admin.PostAsJsonAsync("/api/admin/accounts", new { username = "zz", displayName = "x", role = "enterprise" }), "username");
        await HttpAssert.NamesField(await _admin.PostAsJsonAsync("/api/admin/accounts", new { username = "ent-user", displayName = "自助生物 填报员", role = "enterprise" }), "scope");
        await HttpAssert.NamesField(await _admin.PostAsJsonAsync("/api/admin/accounts", new { username = "ent-user", displayName = "x", role = "chief" }), "role");

        var (username, password) = await _api.AccountAsync("enterprise", code, "自助生物 填报员");
        using var browser = _api.SessionClient();
        var session = await Ok(HttpStatusCode.OK, browser.PostAsJsonAsync("/api/session", new { username, password }));
        Assert.Equal(code, session.GetProperty("scope").GetString());
        await Ok(HttpStatusCode.OK, browser.GetAsync($"/api/enterprises/{code}/history"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await browser.GetAsync("/api/picture"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await browser.GetAsync("/api/admin/accounts"));
        await HttpAssert.Problem(HttpStatusCode.Forbidden, await browser.GetAsync("/dashboard"));

        // An admin signed in to the console opens the Orleans dashboard; the last enabled admin account stays enabled.
        var (adminName, adminPassword) = await _api.AccountAsync("admin");
        using var adminBrowser = _api.SessionClient();
        await Ok(HttpStatusCode.OK, adminBrowser.PostAsJsonAsync("/api/session", new { username = adminName, password = adminPassword }));
        Assert.Equal(HttpStatusCode.OK, (await adminBrowser.GetAsync("/dashboard")).StatusCode);
        foreach (var other in (await Ok(HttpStatusCode.OK, _admin.GetAsync("/api/admin/accounts"))).EnumerateArray()
                     .Where(a => a.GetProperty("role").GetString() == "admin" && a.GetProperty("username").GetString() != adminName))
        {
            await Ok(HttpStatusCode.OK, _admin.PostAsync($"/api/admin/accounts/{other.GetProperty("id").GetString()}/disable", null));
        }

        var last = (await Account(adminName)).GetProperty("id").GetString();
        await HttpAssert.Problem(HttpStatusCode.Conflict, await _admin.PostAsync($"/api/admin/accounts/{last}/disable", null));
        await HttpAssert.Problem(HttpStatusCode.Unauthorized, await _api.SessionClient().GetAsync("/api/session"));
    }

    private async Task<JsonElement> Account(string username) =>
        (await Ok(HttpStatusCode.OK, _admin.GetAsync("/api/admin/accounts"))).EnumerateArray().Single(a => a.GetProperty("username").GetString() == username);

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object? body, string antiforgery)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("X-CSRF-TOKEN", antiforgery);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> Ok(HttpStatusCode status, Task<HttpResponseMessage> response) => await HttpAssert.Status(status, await response);
}
