using System.Text.Json;
using CellValley.Api.Enterprises;
using CellValley.Api.Parks;
using CellValley.Grains.Enterprises;
using Microsoft.Extensions.Options;

namespace CellValley.Tests.Api;

/// <summary>The kept profile answers: reused only while nothing they depend on changed, and bounded by size.</summary>
public sealed class ProfileAnswersTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);
    private static readonly IReadOnlyList<LeaseRow> NoTenancies = [];

    private static EnterpriseView View(string code, int version, int headcount, DateTimeOffset? updatedAt = null) => new(
        code,
        new EnterpriseProfile("天津答案" + code + "生物科技有限公司", null, ["细胞治疗"], new DateOnly(2019, 6, 18), "滨海高新区", headcount, 35_000_000m, 9_000_000m, 2025, []),
        "none",
        [],
        version,
        new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero),
        updatedAt ?? new DateTimeOffset(2026, 1, 5, 8, 0, version, TimeSpan.Zero));

    private static ProfileAnswers Answers(long maxBytes = ProfileAnswers.DefaultMaxBytes) =>
        new(Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()), maxBytes);

    /// <summary>The answer as the API would make it, the card without the figures.</summary>
    private static EnterpriseDto Dto(EnterpriseView view, bool full = true, IReadOnlyList<LeaseRow>? tenancies = null) => new(
        view.CreditCode, view.Profile.Name, null, view.Profile.Segments, view.Profile.FoundedOn, view.Profile.District,
        full ? view.Profile.Headcount : null, full ? view.Profile.RevenueYuan : null, full ? view.Profile.RdSpendYuan : null,
        view.Profile.FinancialYear, [], null, view.Tier, "无", false, [], view.Version, view.RegisteredAt, view.UpdatedAt, null,
        new EnterpriseStatusDto("active", null, null, []), tenancies);

    [Fact]
    public void AnAnswerIsReusedOnlyWhileItsVersionDayTenanciesAndReaderStayTheSame()
    {
        var answers = Answers();
        var made = 0;
        byte[] Read(EnterpriseView view, DateOnly today, IReadOnlyList<LeaseRow> tenancies, bool full) =>
            answers.Get(view, today, tenancies, full, () =>
            {
                made++;
                return Dto(view, full, tenancies);
            });

        var v1 = View("911201160100000A01", 1, 85);
        var first = Read(v1, Today, NoTenancies, full: true);
        Assert.Same(first, Read(v1, Today, NoTenancies, full: true));
        Assert.Equal(1, made);

        // The public card is another answer, and keeping it leaves the full one in place.
        var card = Read(v1, Today, NoTenancies, full: false);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(card).RootElement.GetProperty("headcount").ValueKind);
        Assert.Same(first, Read(v1, Today, NoTenancies, full: true));
        Assert.Equal(2, made);

        // A new version, the same version written again at another moment, another day, other tenancies: made afresh.
        var v2 = View("911201160100000A01", 2, 90);
        Assert.Equal(90, JsonDocument.Parse(Read(v2, Today, NoTenancies, full: true)).RootElement.GetProperty("headcount").GetInt32());
        var rewritten = View("911201160100000A01", 2, 91, new DateTimeOffset(2026, 1, 6, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(91, JsonDocument.Parse(Read(rewritten, Today, NoTenancies, full: true)).RootElement.GetProperty("headcount").GetInt32());
        Read(rewritten, Today.AddDays(1), NoTenancies, full: true);
        Read(rewritten, Today.AddDays(1), new List<LeaseRow>(), full: true);
        Assert.Equal(6, made);
    }

    [Fact]
    public void AnswersStayWithinTheirBudgetAndTheNewestAreKept()
    {
        var one = JsonSerializer.SerializeToUtf8Bytes(Dto(View("911201160100000A02", 1, 1))).Length;
        var answers = Answers(maxBytes: one * 20);
        var views = Enumerable.Range(0, 200).Select(i => View($"9112011601{i:D6}B02", 1, i)).ToArray();
        var kept = views.Select(v => answers.Get(v, Today, NoTenancies, true, () => Dto(v))).ToArray();

        Assert.InRange(answers.Bytes, one * 5, one * 20);
        // The latest answer is still served as kept; the first was dropped long ago and is made again.
        Assert.Same(kept[^1], answers.Get(views[^1], Today, NoTenancies, true, () => throw new InvalidOperationException("kept answer expected")));
        var again = false;
        answers.Get(views[0], Today, NoTenancies, true, () =>
        {
            again = true;
            return Dto(views[0]);
        });
        Assert.True(again);
    }
}
