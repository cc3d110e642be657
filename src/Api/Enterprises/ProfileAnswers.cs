using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using CellValley.Api.Parks;
using CellValley.Grains.Enterprises;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace CellValley.Api.Enterprises;

/// <summary>
/// A profile's answer, serialised once: the JSON of an enterprise as GET /api/enterprises/{code} answers it, kept per
/// version so that reading an unchanged profile again costs the grain call and a copy of bytes, not mapping and
/// serialising the record. An answer is reused only for the same version written at the same moment (a version number
/// alone could come back with other content after a write that failed), the same day (expiry flags depend on it), the
/// same tenancies (the tenancy cache's own entry) and the same reader's view (full record or public card). Bounded:
/// past <see cref="MaxEntries"/> the oldest half of the answers are dropped.
/// </summary>
public sealed class ProfileAnswers(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<(string Code, bool Full), Entry> _entries = new();
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;
    private long _clock;

    /// <summary>The answer's bytes: reused when nothing it depends on changed, else made from <paramref name="answer"/> and kept.</summary>
    public byte[] Get(EnterpriseView view, DateOnly today, IReadOnlyList<LeaseRow> tenancies, bool full, Func<EnterpriseDto> answer)
    {
        var key = (view.CreditCode, full);
        if (_entries.TryGetValue(key, out var entry) && entry.Version == view.Version && entry.UpdatedAt == view.UpdatedAt
            && entry.Today == today && ReferenceEquals(entry.Tenancies, tenancies))
        {
            return entry.Bytes;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(answer(), _options);
        if (_entries.Count >= MaxEntries)
        {
            Trim();
        }

        _entries[key] = new Entry(view.Version, view.UpdatedAt, today, tenancies, bytes, Interlocked.Increment(ref _clock));
        return bytes;
    }

    /// <summary>How many answers are kept (for tests and the runtime view).</summary>
    public int Count => _entries.Count;

    private void Trim()
    {
        var cut = Interlocked.Read(ref _clock) - (MaxEntries / 2);
        foreach (var (key, entry) in _entries)
        {
            if (entry.Made < cut)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(int Version, DateTimeOffset UpdatedAt, DateOnly Today, IReadOnlyList<LeaseRow> Tenancies, byte[] Bytes, long Made);
}

/// <summary>
/// A 200 whose JSON body is already serialised (see <see cref="ProfileAnswers"/>); described in the OpenAPI document as
/// <typeparamref name="T"/>, like <c>Ok&lt;T&gt;</c>.
/// </summary>
public sealed class SerializedJson<T>(byte[] body) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
