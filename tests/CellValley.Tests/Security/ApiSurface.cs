using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CellValley.Tests.Infrastructure;

namespace CellValley.Tests.Security;

/// <summary>A parameter of an operation, as the OpenAPI document declares it.</summary>
public sealed record ApiParameter(string Name, string In, JsonNode? Schema, bool Required);

/// <summary>One operation of the OpenAPI document.</summary>
public sealed record ApiOperation(string Method, string Path, string Id, IReadOnlyList<ApiParameter> Parameters, JsonNode? Example, JsonNode? BodySchema)
{
    public bool IsStream => Path == "/api/changes";

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>The service's operations read from the OpenAPI document it serves, with sample bodies built from the schemas.</summary>
public sealed class ApiSurface
{
    private readonly JsonNode _document;

    private ApiSurface(JsonNode document, IReadOnlyList<ApiOperation> operations)
    {
        _document = document;
        Operations = operations;
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    public static async Task<ApiSurface> LoadAsync(HttpClient client)
    {
        var document = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                if (node is not JsonObject operation || method == "parameters")
                {
                    continue;
                }

                var parameters = (operation["parameters"]?.AsArray() ?? [])
                    .Select(p => new ApiParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"], p["required"]?.GetValue<bool>() == true))
                    .ToList();
                var json = operation["requestBody"]?["content"]?["application/json"];
                operations.Add(new ApiOperation(method.ToUpperInvariant(), path,
                    operation["operationId"]?.GetValue<string>() ?? $"{method} {path}", parameters, json?["example"]?.DeepClone(), json?["schema"]));
            }
        }

        return new ApiSurface(document, operations);
    }

    /// <summary>The schema a $ref points to, or the schema itself.</summary>
    public JsonNode? Resolve(JsonNode? schema)
    {
        for (var i = 0; i < 10 && schema?["$ref"] is { } reference; i++)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            schema = _document["components"]?["schemas"]?[name];
        }

        return schema;
    }

    /// <summary>The first non-null type of a schema ("string", "integer", …).</summary>
    public string TypeOf(JsonNode? schema)
    {
        schema = Resolve(schema);
        return schema?["type"] switch
        {
            JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
            JsonValue type => type.GetValue<string>(),
            _ when schema?["properties"] is not null => "object",
            _ => "",
        };
    }

    /// <summary>A well-formed body for the operation: its documented example, or one built from its schema.</summary>
    public JsonNode? SampleBody(ApiOperation operation) =>
        operation.Example?.DeepClone() ?? (operation.BodySchema is null ? null : Sample(operation.BodySchema, 0));

    private JsonNode? Sample(JsonNode? schema, int depth)
    {
        schema = Resolve(schema);
        if (schema is null || depth > 4)
        {
            return null;
        }

        return TypeOf(schema) switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? [])
                .Select(p => KeyValuePair.Create(p.Key, Sample(p.Value, depth + 1)))),
            "array" => new JsonArray(),
            "integer" => 1,
            "number" => 1,
            "boolean" => true,
            "string" when schema["format"]?.GetValue<string>() == "date" => "2025-01-01",
            "string" when schema["format"]?.GetValue<string>() == "uuid" => Guid.NewGuid().ToString(),
            "string" when schema["format"]?.GetValue<string>() == "date-time" => "2025-01-01T00:00:00Z",
            "string" => "测试",
            _ => null,
        };
    }
}

/// <summary>
/// A small registry every route can be exercised against: two enterprises with a product, two
/// parks (one leasing to the first enterprise), a lead, a platform, an institution, a relation.
/// </summary>
public sealed class SeededRegistry
{
    public const string Unit = "A-101";

    /// <summary>The department leading item 1 of the seeded plan.</summary>
    public const string Department = "district-science";

    public string Plan { get; private init; } = "";

    public string Own { get; private init; } = "";

    public string Other { get; private init; } = "";

    public string Park { get; private init; } = "";

    public string OtherPark { get; private init; } = "";

    public string Product { get; private init; } = "";

    public string Lead { get; private init; } = "";

    public string Platform { get; private init; } = "";

    public string Institution { get; private init; } = "";

    public string Relation { get; private init; } = "";

    public string Lease { get; private init; } = "";

    public string RuleSet { get; private init; } = "";

    public string Clause { get; private init; } = "";

    public static async Task<SeededRegistry> CreateAsync(HttpClient admin)
    {
        // The enterprise every route acts on has a full profile, so that every rule has facts to work on.
        var own = Codes.NewCode();
        await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/enterprises", new
        {
            creditCode = own, name = "矩阵自家生物有限公司", segments = new[] { "细胞治疗" }, foundedOn = "2019-06-18", district = "滨海高新区",
            headcount = 120, revenueYuan = 35000000, rdSpendYuan = 8200000, financialYear = 2025,
            qualifications = new { ipClass1Items = 2, ipClass2Items = 5, highTechEnterprise = true, stateOrProvincialProject = false },
        }));
        var other = await ParkBuilder.EnterpriseAsync(admin, "矩阵别家生物有限公司");
        var third = await ParkBuilder.EnterpriseAsync(admin, "矩阵第三方生物有限公司");
        var park = await ParkBuilder.CreateAsync(admin, (Unit, 800m, "2024-01-01"), ("A-102", 600m, "2024-01-01"));
        var otherPark = await ParkBuilder.CreateAsync(admin, (Unit, 500m, "2024-01-01"));
        var lease = await HttpAssert.Status(HttpStatusCode.Created, await ParkBuilder.LeaseAsync(admin, park, own, Unit, 800m, "2024-03-01", "2030-03-01"));
        var product = await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync($"/api/enterprises/{own}/products",
            new { name = "矩阵 CAR-T 注射液", kind = "cell-therapy-car-t", registrationClass = "治疗用生物制品1类" }));
        var lead = await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/leads", new
        {
            company = "矩阵基因治疗（上海）有限公司" + Guid.NewGuid().ToString("N")[..4], segment = "基因治疗", chainLink = "基因治疗", source = "exhibition",
            likelihood = 0.5, space = new { areaSqm = 500, preferredParkId = park },
        }));
        var platformId = "matrix-" + Guid.NewGuid().ToString("N")[..8];
        await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/platforms", new
        {
            id = platformId, name = "矩阵细胞库", kind = "cell-bank", @operator = "天津市细胞技术创新中心", parkId = park,
            services = new[] { "细胞存储" }, status = "planned", since = "2024-03-01",
        }));
        var institution = await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/institutions",
            new { name = "矩阵医科大学" + Guid.NewGuid().ToString("N")[..4], kind = "university", city = "天津" }));
        var relation = await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/relations",
            new { type = "supplier", from = $"enterprise:{third}", to = $"enterprise:{own}", supplyKind = "培养基", since = "2024-05-01" }));
        var plan = "matrix-" + Guid.NewGuid().ToString("N")[..8];
        await HttpAssert.Status(HttpStatusCode.Created, await admin.PostAsJsonAsync("/api/plans", Api.PlanReportTests.NewPlan(plan)));
        var criteria = await HttpAssert.Status(HttpStatusCode.OK, await admin.GetAsync("/api/tier-criteria"));
        var ruleSet = criteria.EnumerateArray().First();
        return new SeededRegistry
        {
            Own = own,
            Plan = plan,
            Other = other,
            Park = park,
            OtherPark = otherPark,
            Product = product.GetProperty("id").GetString()!,
            Lead = lead.GetProperty("id").GetString()!,
            Platform = platformId,
            Institution = institution.GetProperty("id").GetString()!,
            Relation = relation.GetProperty("id").GetString()!,
            Lease = lease.GetProperty("id").GetString()!,
            RuleSet = ruleSet.GetProperty("id").GetString()!,
            Clause = ruleSet.GetProperty("clauses").EnumerateArray().First().GetProperty("id").GetString()!,
        };
    }

    /// <summary>The value of a path parameter for this operation, from the seeded records.</summary>
    public string PathValue(ApiOperation operation, string name) => name switch
    {
        "code" => Own,
        "productId" => Product,
        "unitId" => Unit,
        "leaseId" => Lease,
        "ruleSet" => RuleSet,
        "clause" => Clause,
        "id" when operation.Path.StartsWith("/api/parks", StringComparison.Ordinal) => Park,
        "id" when operation.Path.StartsWith("/api/plans", StringComparison.Ordinal) => Plan,
        "number" => "1",
        "quarter" => "2025Q2",
        "id" when operation.Path.StartsWith("/api/leads", StringComparison.Ordinal) => Lead,
        "id" when operation.Path.StartsWith("/api/platforms", StringComparison.Ordinal) => Platform,
        "id" when operation.Path.StartsWith("/api/institutions", StringComparison.Ordinal) => Institution,
        "id" when operation.Path.StartsWith("/api/relations", StringComparison.Ordinal) => Relation,
        _ => Guid.NewGuid().ToString(),
    };

    /// <summary>Query values a route needs to do something (the graph needs its centre).</summary>
    public string Query(ApiOperation operation) => operation.Path switch
    {
        "/api/graph" => $"?entity=enterprise:{Own}&depth=1",
        "/api/files" => operation.Method == "POST" ? $"?attachTo=enterprise:{Own}" : $"?attachedTo=enterprise:{Own}",
        _ => "",
    };

    /// <summary>Replaces the documented examples' placeholder ids by the seeded ones.</summary>
    public string Substitute(string json) => json
        .Replace("91350100M000100Y43", Own, StringComparison.Ordinal)
        .Replace("91120116MA05T00007", Other, StringComparison.Ordinal)
        .Replace("bio-innovation-center", Park, StringComparison.Ordinal)
        .Replace("P0000000000", Product, StringComparison.Ordinal)
        .Replace("A-301", Unit, StringComparison.Ordinal);

    public string Url(ApiOperation operation, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            var value = overrides?.GetValueOrDefault(parameter.Name) ?? Uri.EscapeDataString(PathValue(operation, parameter.Name));
            path = path.Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
        }

        return path;
    }
}
