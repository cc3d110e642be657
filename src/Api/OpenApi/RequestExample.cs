using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CellValley.Api.OpenApi;

/// <summary>Endpoint metadata: a JSON request body shown as the example in Swagger UI.</summary>
public sealed record RequestExample(string Json);

public static class RequestExampleExtensions
{
    public static RouteHandlerBuilder WithRequestExample(this RouteHandlerBuilder builder, string json) =>
        builder.WithMetadata(new RequestExample(json));
}

/// <summary>Copies <see cref="RequestExample"/> metadata into the OpenAPI document.</summary>
internal sealed class RequestExampleFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var example = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().FirstOrDefault();
        if (example is null || operation.RequestBody?.Content is not { } content)
        {
            return;
        }

        foreach (var media in content.Values.OfType<OpenApiMediaType>())
        {
            media.Example = JsonNode.Parse(example.Json);
        }
    }
}
