using System.Diagnostics;
using CellValley.Grains.Common;
using CellValley.Grains.Enterprises;
using CellValley.Grains.Funding;
using CellValley.Grains.Leads;
using CellValley.Grains.Parks;
using CellValley.Grains.Platforms;
using CellValley.Grains.Products;
using CellValley.Grains.Relations;
using CellValley.Grains.Taxonomy;

namespace CellValley.Silo.Generation;

/// <summary>What a generator run wrote, and how fast.</summary>
public sealed record GeneratorReport(int Enterprises, int Products, int Relations, int Parks, int Units, int Leases, int Platforms, int Leads, TimeSpan EnterpriseTime)
{
    public double EnterprisesPerSecond => Enterprises / Math.Max(EnterpriseTime.TotalSeconds, 0.001);
}

/// <summary>
/// Fills a registry with a synthetic cluster through the grains themselves (the same validation,
/// events and read rows as the API), with realistic shares of tiers, stages and tenancy. The same
/// seed gives the same cluster.
/// </summary>
public sealed class ClusterGenerator(IGrainFactory grains, ClusterTaxonomy taxonomy, TimeProvider clock, Action<string> log)
{
    private static readonly Actor Generator = new("generator", "system");
    // The seed's parks; 生物医药创新中心 carries the id the action plan's occupancy target names.
    private static readonly (string Id, string Name)[] SeedParks =
    [
        ("intl-innovation-park", "国家生物医药国际创新园"), ("bio-park", "生物医药园"), ("bio-innovation-center", "生物医药创新中心"),
        ("bohai-bolong", "渤龙产业园"), ("eco-city-bio-park", "中新生态城生物医药产业园"),
    ];
    private static readonly string[] Zones = ["高新区", "经开区", "经开区", "高新区", "中新生态城"];
    private static readonly string[] PlatformKinds = ["engineering-centre", "innovation-centre", "cell-bank", "testing", "cro-cdmo", "gcp-site", "p3-lab", "pilot-plant", "lab-animals", "incubator", "industrialisation-base"];
    private static readonly string[] SupplyKinds = ["培养基", "慢病毒载体", "细胞因子", "质粒", "一次性耗材", "抗体试剂", "冷链运输", "检测服务"];
    private static readonly string[] RelationTypeMix = ["supplier", "supplier", "supplier", "cro", "cdmo", "partnership", "licence", "collaboration"];
    private static readonly string[] LeadSources = ["exhibition", "forum", "intermediary", "existing-enterprise", "fund", "government"];
    private readonly DateOnly _today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<GeneratorReport> RunAsync(GeneratorOptions o, CancellationToken cancellationToken)
    {
        var parks = await ParksAsync(o);
        var platforms = await PlatformsAsync(o, parks);
        var clock = Stopwatch.StartNew();
        var products = 0;
        await ForEachAsync("enterprises", o.Enterprises, o.Parallelism, async i =>
        {
            var import = Enterprise(o, i);
            Interlocked.Add(ref products, import.Products.Count);
            var outcome = await grains.Ref<IEnterpriseGrain>(EnterpriseKey.For(Code(i))).ImportAsync(import, Generator);
            if (!outcome.IsOk && outcome.Kind != OutcomeKind.AlreadyExists)
            {
                throw new InvalidOperationException($"enterprise {i} refused: {string.Join("; ", outcome.Errors.Select(e => $"{e.Field} {e.Rule}"))}");
            }
        }, cancellationToken);
        var enterpriseTime = clock.Elapsed;

        var relations = (int)(o.Enterprises * o.RelationsPerEnterprise);
        await ForEachAsync("relations", relations, o.Parallelism, async i =>
        {
            var random = new Random(o.Seed * 31 + i);
            var from = random.Next(o.Enterprises);
            var to = (from + 1 + random.Next(o.Enterprises - 1)) % o.Enterprises;
            if (from == to)
            {
                return;
            }

            var type = RelationTypes.Find(RelationTypeMix[random.Next(RelationTypeMix.Length)])!;
            var relation = new NewRelation(type.Code, new EntityRef(EntityRef.Enterprise, Code(from)), new EntityRef(EntityRef.Enterprise, Code(to)),
                random.NextDouble() < 0.8 ? "disclosed" : "inferred", _today.AddDays(-random.Next(1, 2000)),
                type.Code == "supplier" ? SupplyKinds[random.Next(SupplyKinds.Length)] : null, null);
            var outcome = await grains.Ref<IRelationGrain>(RelationKey.For(type, relation.From, relation.To)).LinkAsync(relation, Generator);
            if (!outcome.IsOk)
            {
                throw new InvalidOperationException($"relation {i} refused: {string.Join("; ", outcome.Errors.Select(e => $"{e.Field} {e.Rule}"))}");
            }
        }, cancellationToken);

        var (units, leases) = await TenancyAsync(o, parks);
        await LeadsAsync(o, parks, cancellationToken);
        return new GeneratorReport(o.Enterprises, products, relations, parks.Count, units, leases, platforms, o.Leads, enterpriseTime);
    }

    /// <summary>A valid credit code for the i-th generated enterprise (Binhai region 120116).</summary>
    public static string Code(int index) => CreditCode.Synthetic(index);

    private EnterpriseImport Enterprise(GeneratorOptions o, int i)
    {
        var random = new Random(o.Seed + i);
        var segments = taxonomy.Segments;
        var primary = segments[Skewed(random, segments.Count)];
        var chosen = random.NextDouble() < 0.3 ? new[] { primary.Name, segments[random.Next(segments.Count)].Name }.Distinct().ToArray() : [primary.Name];
        var founded = _today.AddDays(-random.Next(200, 20 * 365));
        var revenue = Math.Round((decimal)Math.Exp(random.NextDouble() * 10 + 11), 0);
        var profile = new EnterpriseProfile($"津滨{i:D6}{primary.Name[..Math.Min(2, primary.Name.Length)]}生物科技有限公司", null, chosen, founded,
            "滨海新区", random.Next(5, 2000), revenue, Math.Round(revenue * (decimal)(0.05 + random.NextDouble() * 0.3), 0), _today.Year - 1, [],
            new Qualifications(random.Next(0, 4), random.Next(0, 6), random.NextDouble() < 0.4, random.NextDouble() < 0.2));

        var recognitions = new List<RecognizeTier>();
        var roll = random.NextDouble();
        var top = roll < 0.70 ? 0 : roll < 0.90 ? 1 : roll < 0.97 ? 2 : roll < 0.99 ? 3 : 4;
        var date = founded.AddDays(random.Next(100, 900));
        for (var rank = 1; rank <= top && date < _today; rank++)
        {
            recognitions.Add(new RecognizeTier(taxonomy.Tiers[rank].Code, date, $"{date.Year}年批次", "天津市科学技术局", "generated", null));
            date = date.AddDays(random.Next(300, 1200));
        }

        var products = new List<ProductImport>();
        var count = Poisson(random, o.ProductsPerEnterprise);
        var kinds = taxonomy.ProductKinds;
        for (var p = 0; p < count; p++)
        {
            var kind = kinds[random.Next(kinds.Count)];
            var start = founded.AddDays(random.Next(0, Math.Max(1, _today.DayNumber - founded.DayNumber)));
            var product = new NewProduct($"CV-{i:D6}-{p}", kind.Code, random.NextDouble() < 0.25 ? (kind.Device ? "第三类" : "1类新药") : null,
                null, kind.Device && random.NextDouble() < 0.2, "discovery", start);
            var moves = new List<StageMove>();
            var stageRank = 0;
            var stageDate = start;
            while (stageRank < 10 && random.NextDouble() < 0.55)
            {
                stageRank += random.NextDouble() < 0.15 ? 2 : 1;
                stageRank = Math.Min(stageRank, 10);
                stageDate = stageDate.AddDays(random.Next(30, 400));
                if (stageDate > _today)
                {
                    break;
                }

                moves.Add(new StageMove(taxonomy.ProductStages[stageRank].Code, stageDate, false, null, null));
            }

            products.Add(new ProductImport(product, moves));
        }

        var funding = new List<NewFunding>();
        if (random.NextDouble() < 0.6)
        {
            var fundedOn = founded.AddDays(random.Next(30, Math.Max(31, _today.DayNumber - founded.DayNumber)));
            var guidance = random.NextDouble() < 0.2;
            funding.Add(new NewFunding("equity", fundedOn > _today ? _today : fundedOn, "month", Math.Round((decimal)Math.Exp(random.NextDouble() * 5 + 14) / 10_000m) * 10_000m, "CNY",
                RoundTypes[random.Next(RoundTypes.Length)],
                [new Investor(guidance ? "海河产业基金" : $"创投{random.Next(200)}", guidance ? FundingRules.GuidanceFund : "vc", true)]));
        }

        if (random.NextDouble() < 0.1 && products.Count > 0)
        {
            funding.Add(new NewFunding("loan", _today.AddDays(-random.Next(1, 1500)), "day", 5_000_000m, "CNY", Lender: "某银行天津分行", TermMonths: 36));
        }

        return new EnterpriseImport(profile, recognitions, products, funding);
    }

    private static readonly string[] RoundTypes = ["seed", "angel", "a", "b", "c", "strategic"];

    private async Task<List<string>> ParksAsync(GeneratorOptions o)
    {
        var ids = new List<string>();
        for (var k = 0; k < o.Parks; k++)
        {
            var (id, name) = k < SeedParks.Length ? SeedParks[k] : ($"park-{k + 1:D2}", $"滨海生物医药产业园 {k + 1}");
            var outcome = await grains.Ref<IParkGrain>(ParkKey.For(id))
                .CreateAsync(new ParkInfo(name, Zones[k % Zones.Length], null, 0.8m, null), Generator);
            if (!outcome.IsOk && outcome.Kind != OutcomeKind.AlreadyExists)
            {
                throw new InvalidOperationException($"park {id} refused");
            }

            ids.Add(id);
        }

        log($"parks: {ids.Count}");
        return ids;
    }

    private async Task<int> PlatformsAsync(GeneratorOptions o, List<string> parks)
    {
        for (var f = 0; f < o.Platforms; f++)
        {
            var random = new Random(o.Seed * 7 + f);
            var kind = PlatformKinds[random.Next(PlatformKinds.Length)];
            var planned = _today.AddDays(-random.Next(400, 3000));
            var grain = grains.Ref<IPlatformGrain>(PlatformKey.For($"platform-{f + 1:D4}"));
            var created = await grain.CreateAsync(new PlatformInfo($"公共服务平台 {f + 1}", kind, null, parks[random.Next(parks.Count)], ["技术服务"], null),
                "planned", planned, Generator);
            if (!created.IsOk)
            {
                continue;
            }

            var roll = random.NextDouble();
            if (roll < 0.8)
            {
                await grain.AdvanceStatusAsync("building", planned.AddDays(random.Next(30, 200)), Generator);
            }

            if (roll < 0.6)
            {
                await grain.AdvanceStatusAsync("operating", planned.AddDays(random.Next(201, 399)), Generator);
            }
        }

        log($"platforms: {o.Platforms}");
        return o.Platforms;
    }

    private async Task<(int Units, int Leases)> TenancyAsync(GeneratorOptions o, List<string> parks)
    {
        var tenants = (int)(o.Enterprises * o.TenantShare);
        var units = 0;
        var leases = 0;
        for (var k = 0; k < parks.Count; k++)
        {
            var random = new Random(o.Seed * 13 + k);
            var parkTenants = Enumerable.Range(0, tenants).Where(t => t % parks.Count == k).ToArray();
            var unitCount = Math.Max(4, (int)(parkTenants.Length / 0.78));
            var buildings = Enumerable.Range(1, 3).Select(b => new Building($"B{b}", $"{b}号楼", 8)).ToArray();
            var parkUnits = Enumerable.Range(0, unitCount).Select(u => new Unit($"U{u + 1:D5}", $"B{u % 3 + 1}", u % 8 + 1,
                random.Next(2, 20) * 100, new FitOut(random.NextDouble() < 0.3 ? "C" : null, random.NextDouble() < 0.6, random.NextDouble() < 0.6, random.NextDouble() < 0.2, false, null),
                _today.AddDays(-random.Next(400, 2500)))).ToArray();
            var parkLeases = parkTenants.Select((t, n) =>
            {
                var unit = parkUnits[n];
                var start = unit.AvailableSince.AddDays(random.Next(0, 300));
                return new NewLease(Code(t), unit.Id, unit.AreaSqm, start, start.AddYears(random.Next(2, 6)), start, null);
            }).ToArray();
            var outcome = await grains.Ref<IParkGrain>(ParkKey.For(parks[k])).ImportAsync(new ParkImport(buildings, parkUnits, parkLeases), Generator);
            if (!outcome.IsOk)
            {
                throw new InvalidOperationException($"park {parks[k]} import refused: {string.Join("; ", outcome.Errors.Select(e => $"{e.Field} {e.Rule}"))}");
            }

            units += parkUnits.Length;
            leases += parkLeases.Length;
            log($"tenancy: park {k + 1}/{parks.Count}, {units} units, {leases} leases");
        }

        return (units, leases);
    }

    private async Task LeadsAsync(GeneratorOptions o, List<string> parks, CancellationToken cancellationToken)
    {
        var stages = new[] { "contact", "visit", "negotiation", "signed" };
        await ForEachAsync("leads", o.Leads, o.Parallelism, async i =>
        {
            var random = new Random(o.Seed * 17 + i);
            var segment = taxonomy.Segments[random.Next(taxonomy.Segments.Count)].Name;
            var opened = _today.AddDays(-random.Next(10, 700));
            var info = new LeadInfo($"目标企业 {i + 1}", null, segment, taxonomy.Segments[Skewed(random, taxonomy.Segments.Count)].Name,
                LeadSources[random.Next(LeadSources.Length)], random.Next(1, 100) * 1_000_000m, random.Next(10, 500),
                new SpaceNeeds(random.Next(2, 30) * 100, null, parks[random.Next(parks.Count)]), Math.Round((decimal)random.NextDouble(), 2),
                _today.AddDays(random.Next(30, 600)), _today.AddDays(random.Next(-30, 60)), null);
            var lead = grains.Ref<ILeadGrain>(LeadKey.For($"LG{o.Seed % 1000:D3}{i:D7}"));
            var created = await lead.CreateAsync(info, "generator", "generator", opened, Generator);
            if (!created.IsOk)
            {
                return;
            }

            var depth = random.Next(0, stages.Length + 1);
            var date = opened;
            for (var s = 0; s < depth; s++)
            {
                date = date.AddDays(random.Next(5, 60));
                if (date > _today)
                {
                    break;
                }

                await lead.MoveStageAsync(stages[s], date, null, null, Generator);
            }

            var roll = random.NextDouble();
            if (roll < 0.15)
            {
                await lead.SetStatusAsync("lost", "条件未谈妥", "其他城市", Generator);
            }
            else if (roll < 0.25)
            {
                await lead.SetStatusAsync("dormant", null, null, Generator);
            }
        }, cancellationToken);
    }

    private async Task ForEachAsync(string what, int count, int parallelism, Func<int, Task> body, CancellationToken cancellationToken)
    {
        var done = 0;
        var clock = Stopwatch.StartNew();
        using var timer = new Timer(_ =>
        {
            var n = Volatile.Read(ref done);
            log($"{what}: {n}/{count} ({n / Math.Max(clock.Elapsed.TotalSeconds, 0.001):F0}/s)");
        }, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, _) =>
            {
                await body(i);
                Interlocked.Increment(ref done);
            });
        log($"{what}: {count} in {clock.Elapsed.TotalSeconds:F1}s ({count / Math.Max(clock.Elapsed.TotalSeconds, 0.001):F0}/s)");
    }

    private static int Skewed(Random random, int count) => (int)Math.Min(count - 1, Math.Floor(Math.Pow(random.NextDouble(), 1.8) * count));

    private static int Poisson(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit && k < 50)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }
}
