using System.Text.Json.Nodes;
using CellValley.Api.Export;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CellValley.Api.OpenApi;

/// <summary>
/// Documents ?format=xlsx|csv on every exportable list. The file is described in the parameter, not as
/// further media types of the 200 response, so that typed clients keep the list's JSON type.
/// </summary>
internal sealed class ExportFormatsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ExportableMetadata>().Any())
        {
            return;
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "format",
            In = ParameterLocation.Query,
            Description = "xlsx or csv: the whole list (every page, up to 50,000 rows) as a file with Chinese headers instead of JSON — "
                + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, or text/csv in UTF-8 with a byte-order mark.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("xlsx"), JsonValue.Create("csv")] },
        });
    }
}
