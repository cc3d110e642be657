using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CellValley.Api.OpenApi;

/// <summary>Endpoint metadata: every role may call this route (no 403).</summary>
public sealed class OpenToEveryRoleMetadata;

/// <summary>Endpoint metadata: the route refuses a change without If-Match (428).</summary>
public sealed class RequiresIfMatchMetadata;

/// <summary>Endpoint metadata: further problem statuses this route can answer.</summary>
public sealed record AlsoAnswersMetadata(int[] Statuses);

public static class ProblemResponseExtensions
{
    public static TBuilder OpenToEveryRole<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OpenToEveryRoleMetadata());

    public static TBuilder RequiresIfMatch<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresIfMatchMetadata());

    public static TBuilder AlsoAnswers<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AlsoAnswersMetadata(statuses));
}

/// <summary>
/// Declares the problem responses each operation can give, from what every route shares and what
/// its shape implies: 401 and 429 always; 403 unless every role (departments too) may call it; 503 when the database
/// is away; 400 with parameters or a body; 404 with path parameters; 409 for changes (a concurrent
/// write can win); 412 with If-Match and 428 where it is required; 413 and 415 with a body. Also
/// documents the ETag, Location and Retry-After headers.
/// </summary>
internal sealed class ProblemResponsesFilter : IOperationFilter
{
    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "The request is invalid: `errors` names each field (JSON path) and the rule it broke; nothing changed.",
        [401] = "No token, or an unknown or revoked one.",
        [403] = "The token's role or scope does not allow this request.",
        [404] = "No such record.",
        [409] = "The change conflicts with the record's state (it exists already, overlaps, or another write won the race); nothing changed.",
        [412] = "If-Match names a version that is no longer current; `currentEtag` gives the current one.",
        [413] = "The body is larger than 1 MB.",
        [415] = "The body is not JSON.",
        [422] = "The change breaks a policy rule (e.g. a grant cap); the problem names the rule and the figures.",
        [428] = "If-Match is required: send the ETag of the version you read.",
        [429] = "Too many requests from this token, or too many failed authentications from this address.",
        [503] = "The database cannot be reached or a server of the cluster is moving its work; nothing changed. Retry later.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var method = context.ApiDescription.HttpMethod ?? "GET";
        var parameters = operation.Parameters ?? [];
        var hasBody = operation.RequestBody is not null;
        var ifMatch = parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "If-Match");
        var statuses = new SortedSet<int> { 401, 429, 503 };
        if (!metadata.OfType<OpenToEveryRoleMetadata>().Any() || !metadata.OfType<Auth.OpenToDepartmentsMetadata>().Any())
        {
            statuses.Add(403);
        }

        if (hasBody || parameters.Any(p => p.In is ParameterLocation.Query or ParameterLocation.Path))
        {
            statuses.Add(400);
        }

        if (parameters.Any(p => p.In == ParameterLocation.Path))
        {
            statuses.Add(404);
        }

        if (method is "POST" or "PUT" or "PATCH" or "DELETE")
        {
            statuses.Add(409);
        }

        if (hasBody)
        {
            statuses.Add(413);
            statuses.Add(415);
        }

        if (ifMatch is not null)
        {
            statuses.Add(412);
            ifMatch.Description = "The ETag of the version you read (\"3\"), or * for any version.";
            if (metadata.OfType<RequiresIfMatchMetadata>().Any())
            {
                ifMatch.Required = true;
                statuses.Add(428);
            }
        }

        foreach (var also in metadata.OfType<AlsoAnswersMetadata>().SelectMany(m => m.Statuses))
        {
            statuses.Add(also);
        }

        operation.Responses ??= [];
        var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        var validation = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
        foreach (var status in statuses)
        {
            var response = new OpenApiResponse
            {
                Description = Descriptions[status],
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType { Schema = status == 400 ? validation : problem },
                },
            };
            if (status is 429 or 503)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = Header("Seconds to wait before retrying.", JsonSchemaType.Integer) };
            }

            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = response;
        }

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse success || !code.StartsWith('2'))
            {
                continue;
            }

            success.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (code == "201")
            {
                success.Headers["Location"] = Header("Where the created record can be read.", JsonSchemaType.String);
            }

            if (IsVersioned(success, context))
            {
                success.Headers["ETag"] = Header("The record's version (\"3\"): send it back in If-Match to change the record.", JsonSchemaType.String);
            }
        }
    }

    private static OpenApiHeader Header(string description, JsonSchemaType type) =>
        new() { Description = description, Schema = new OpenApiSchema { Type = type } };

    /// <summary>A response whose record carries a version is answered with its ETag.</summary>
    private static bool IsVersioned(OpenApiResponse response, OperationFilterContext context)
    {
        var schema = response.Content?.Values.FirstOrDefault()?.Schema;
        if (schema is OpenApiSchemaReference reference && reference.Reference.Id is { } id
            && context.SchemaRepository.Schemas.TryGetValue(id, out var target))
        {
            schema = target;
        }

        return schema?.Properties?.ContainsKey("version") == true;
    }
}

/// <summary>Document-wide parts: tag descriptions, the server, the licence.</summary>
internal sealed class DocumentPartsFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Enterprises"] = "企业：注册、档案、梯度培育认定、变更记录 (enterprises: registration, profile, tier recognitions, history)",
        ["Products"] = "产品管线：品种、阶段推进 (product pipeline and stage moves)",
        ["Funding"] = "融资与资助：股权融资、贷款、政策资助及其上限 (equity, loans, grants and their caps)",
        ["Tiers"] = "梯度培育标准与资格评估 (tier criteria and eligibility)",
        ["Relations"] = "产业链关系图谱 (typed, dated relations between enterprises and institutions)",
        ["Institutions"] = "高校、医院、科研院所 (universities, hospitals, institutes)",
        ["Parks"] = "园区：楼宇、房源、租约、入驻率 (parks: buildings, units, leases, occupancy)",
        ["Platforms"] = "公共服务平台 (public service platforms)",
        ["Leads"] = "招商线索：阶段、状态、落地 (investment-promotion leads: stages, status, landing)",
        ["Picture"] = "产业全景与变更推送 (the cluster picture and the live change feed)",
        ["Taxonomy"] = "赛道、梯度、产品类别等代码表 (segments, tiers, product kinds and stages)",
        ["Admin"] = "管理：令牌、阈值、运行状态、事件故障 (tokens, thresholds, runtime, event faults)",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
        document.Servers = [new OpenApiServer { Url = "/", Description = "本服务 (this service)" }];
    }
}
