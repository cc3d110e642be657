using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CellValley.Api.Errors;
using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace CellValley.Api.Validation;

/// <summary>
/// The one check every request passes before its handler runs, whatever the route: text without
/// control characters and dates within a sane range, in the route, the query, the headers bound
/// to parameters and every member of the body, however deeply nested. A bad value is a 400 naming
/// the field (its JSON path) and the rule; nothing reaches a grain or PostgreSQL. Domain rules stay
/// in the grains; this layer only keeps out what no rule could want.
/// </summary>
public static class InputGuard
{
    /// <summary>The earliest date any field accepts.</summary>
    public static readonly DateOnly MinDate = new(1900, 1, 1);

    /// <summary>The latest date any field accepts.</summary>
    public static readonly DateOnly MaxDate = new(2100, 12, 31);

    /// <summary>Free-text members that may span lines (tab, CR and LF allowed); every other text is one line.</summary>
    private static readonly HashSet<string> MultiLine = new(StringComparer.OrdinalIgnoreCase) { "note", "notes", "reason", "description" };

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    /// <summary>Adds the guard to every endpoint of the group.</summary>
    public static TBuilder GuardInput<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetService(typeof(IServiceProviderIsService)) as IServiceProviderIsService;
        var checks = new List<(int Index, string Field, bool Body)>();
        var parameters = context.MethodInfo.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            if (IsBody(p.ParameterType, services))
            {
                checks.Add((i, "", true));
            }
            else if (type == typeof(string) || type == typeof(DateOnly) || type == typeof(DateTimeOffset))
            {
                checks.Add((i, BoundName(p), false));
            }
        }

        if (checks.Count == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var errors = new FieldErrors();
            foreach (var (index, field, body) in checks)
            {
                var value = invocation.Arguments[index];
                if (body)
                {
                    CheckObject(value, "", errors, depth: 0);
                }
                else
                {
                    CheckValue(value, field, field, errors);
                }
            }

            return errors.Any ? Problems.Invalid(errors.ToList()) : await next(invocation);
        };
    }

    /// <summary>A request body: a record of the registry's, not a service, nor what ASP.NET Core supplies itself.</summary>
    private static bool IsBody(Type type, IServiceProviderIsService? services) =>
        type.IsClass && type != typeof(string) && !typeof(Delegate).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("CellValley.", StringComparison.Ordinal) == true
        && services?.IsService(type) != true;

    /// <summary>The rules a single value breaks, if any (also for callers outside a request).</summary>
    public static Rule? RuleFor(string text, bool multiLine)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v == 0)
            {
                return Messages.AsRule(Messages.RuleNul);
            }

            if (multiLine && v is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (v < 0x20 || v is >= 0x7F and <= 0x9F)
            {
                return Messages.AsRule(multiLine ? Messages.RuleControlMultiLine : Messages.RuleControl, v.ToString("X4", CultureInfo.InvariantCulture));
            }

            if (v is 0xFFFE or 0xFFFF)
            {
                return Messages.AsRule(Messages.RuleNonCharacter, v.ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        // Lone surrogates make EnumerateRunes yield U+FFFD; look for them directly.
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])))
            {
                return Messages.AsRule(Messages.RuleSurrogate);
            }

            if (char.IsLowSurrogate(text[i]) && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                return Messages.AsRule(Messages.RuleSurrogate);
            }
        }

        return null;
    }

    /// <summary>The rule a date breaks, if any.</summary>
    public static Rule? RuleFor(DateOnly date) =>
        date < MinDate || date > MaxDate
            ? Messages.AsRule(Messages.RuleDateRange, MinDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), MaxDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : null;

    private static void CheckValue(object? value, string field, string member, FieldErrors errors)
    {
        switch (value)
        {
            case string text when RuleFor(text, MultiLine.Contains(member)) is { } rule:
                errors.Add(field, rule);
                break;
            case DateOnly date when RuleFor(date) is { } rule:
                errors.Add(field, rule);
                break;
            case DateTimeOffset moment when RuleFor(DateOnly.FromDateTime(moment.UtcDateTime)) is { } rule:
                errors.Add(field, rule);
                break;
        }
    }

    private static void CheckObject(object? value, string path, FieldErrors errors, int depth)
    {
        if (value is null || depth > 64)
        {
            return;
        }

        var type = value.GetType();
        if (value is string or DateOnly or DateTimeOffset)
        {
            CheckValue(value, path.Length == 0 ? "body" : path, LastMember(path), errors);
            return;
        }

        if (value is JsonElement element)
        {
            CheckJson(element, path, errors, depth);
            return;
        }

        if (type.IsPrimitive || type.IsEnum || value is decimal or Guid or DateTime or TimeOnly)
        {
            return;
        }

        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                var key = entry.Key.ToString() ?? "";
                if (RuleFor(key, multiLine: false) is { } rule)
                {
                    errors.Add(Join(path, "key"), rule);
                }

                CheckObject(entry.Value, Join(path, key), errors, depth + 1);
            }

            return;
        }

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                CheckObject(item, $"{(path.Length == 0 ? "body" : path)}[{i++}]", errors, depth + 1);
            }

            return;
        }

        foreach (var member in Members.GetOrAdd(type, Describe))
        {
            var child = member.Property.GetValue(value);
            var childPath = Join(path, member.Name);
            if (member.Required && (child is null || child is string text && string.IsNullOrWhiteSpace(text)))
            {
                // Shapes in one place: a member the request type marks [Required] is named here, for every route.
                errors.Add(childPath, Rule.Required());
                continue;
            }

            if (child is string or DateOnly or DateTimeOffset)
            {
                CheckValue(child, childPath, member.Name, errors);
            }
            else
            {
                CheckObject(child, childPath, errors, depth + 1);
            }
        }
    }

    private static void CheckJson(JsonElement element, string path, FieldErrors errors, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                CheckValue(element.GetString(), path.Length == 0 ? "body" : path, LastMember(path), errors);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckJson(item, $"{path}[{i++}]", errors, depth + 1);
                }

                break;
            case JsonValueKind.Object when depth < 64:
                foreach (var property in element.EnumerateObject())
                {
                    CheckJson(property.Value, Join(path, property.Name), errors, depth + 1);
                }

                break;
        }
    }

    private static Member[] Describe(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => new Member(p, p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null))
            .ToArray();

    private static string BoundName(ParameterInfo p) =>
        p.GetCustomAttribute<FromHeaderAttribute>()?.Name
        ?? p.GetCustomAttribute<FromQueryAttribute>()?.Name
        ?? p.GetCustomAttribute<FromRouteAttribute>()?.Name
        ?? p.Name
        ?? "";

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    private static string LastMember(string path)
    {
        var dot = path.LastIndexOf('.');
        var last = dot < 0 ? path : path[(dot + 1)..];
        var bracket = last.IndexOf('[');
        return bracket < 0 ? last : last[..bracket];
    }

    private sealed record Member(PropertyInfo Property, string Name, bool Required);
}
