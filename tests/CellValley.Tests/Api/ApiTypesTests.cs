using System.Collections;
using System.Reflection;
using CellValley.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CellValley.Tests.Api;

/// <summary>The HTTP API answers with its own types: no route returns a grain contract or a storage row.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiTypesTests(ApiFixture api)
{
    [Fact]
    public void NoRouteAnswersWithATypeFromTheGrainsOrAStorageRow()
    {
        var grains = typeof(CellValley.Grains.Common.Outcome<>).Assembly;
        var offenders = new SortedSet<string>();
        var endpoints = api.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true);
        foreach (var endpoint in endpoints)
        {
            foreach (var produces in endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.Type is not null))
            {
                foreach (var type in Reachable(produces.Type!))
                {
                    if (type.Assembly == grains || type == typeof(CellValley.Api.Auth.ApiToken))
                    {
                        offenders.Add($"{endpoint.RoutePattern.RawText} → {type.Name}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    /// <summary>The type and every type its public properties reach (element types of lists included).</summary>
    private static IEnumerable<Type> Reachable(Type root)
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>([root]);
        while (queue.TryDequeue(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type) || type.IsPrimitive || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true && !type.IsGenericType)
            {
                continue;
            }

            if (type.IsGenericType)
            {
                type.GetGenericArguments().ToList().ForEach(queue.Enqueue);
                if (typeof(IEnumerable).IsAssignableFrom(type) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
                {
                    continue;
                }
            }

            if (type.IsArray)
            {
                queue.Enqueue(type.GetElementType()!);
                continue;
            }

            yield return type;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                queue.Enqueue(property.PropertyType);
            }
        }
    }
}
