using System.Net;
using System.Net.Http.Headers;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Security;

/// <summary>The service with its limits tight enough to reach in a test.</summary>
public sealed class LimitedApiFixture : ApiFixture
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["CellValley:Limits:AuthFailuresPerMinute"] = "5";
        settings["CellValley:Limits:RequestsPerSecondPerToken"] = "2";
        settings["CellValley:Limits:BurstPerToken"] = "5";
    }
}

/// <summary>Guessing tokens and flooding with one token are limited; every answer carries the standard security headers.</summary>
public sealed class LimitsTests(LimitedApiFixture api) : IClassFixture<LimitedApiFixture>
{
    [Fact]
    public async Task RepeatedUnknownTokensFromOneAddressAreRefusedWith429()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var guesser = api.Client("cv_guess_" + Guid.NewGuid().ToString("N"));
            statuses.Add((await guesser.GetAsync("/api/taxonomy")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), statuses.Take(5));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        using var last = api.Client("cv_guess_again");
        var refused = await HttpAssert.Problem(HttpStatusCode.TooManyRequests, await last.GetAsync("/api/taxonomy"));
        Assert.Contains("wait a minute", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneTokenSendingFasterThanItsLimitGets429WithRetryAfter()
    {
        using var client = api.Client(await api.MintAsync("viewer"));
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await client.GetAsync("/api/taxonomy"));
        }

        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        var limited = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter?.Delta);
        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.OK), 5, 10);
    }

    [Fact]
    public async Task AnswersCarrySecurityHeadersAndNoServerHeader()
    {
        using var client = api.Client();
        var response = await client.GetAsync("/health/live");

        Assert.False(response.Headers.Contains("Server"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }
}
