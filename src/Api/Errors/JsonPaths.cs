using System.Reflection;

namespace CellValley.Api.Errors;

/// <summary>Follows a JSON path ("$.contacts[0].email") through a request type to the CLR type there.</summary>
internal static class JsonPaths
{
    public static Type? TypeAt(Type root, string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        var type = root;
        foreach (var segment in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment;
            var indexed = segment.IndexOf('[');
            if (indexed >= 0)
            {
                name = segment[..indexed];
            }

            var property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return null;
            }

            type = property.PropertyType;
            for (var i = indexed; i >= 0 && i < segment.Length; i = segment.IndexOf('[', i + 1))
            {
                type = ElementType(type);
                if (type is null)
                {
                    return null;
                }
            }
        }

        return type;
    }

    /// <summary>The element type of an array or list; null for anything else (strings included).</summary>
    public static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];
    }
}
