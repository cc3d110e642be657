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
/// same tenancies (the tenancy cache's own entry) and the same reader's view (full record or public card). Bounded by
/// size: past <paramref name="maxBytes"/> of answers (16 MiB, some thousands of profiles) the older half are dropped, so
/// that the profiles read often stay and memory does not grow with every profile ever read.
/// </summary>
public sealed class ProfileAnswers(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, long maxBytes = ProfileAnswers.DefaultMaxBytes)
{
    public const long DefaultMaxBytes = 16L * 1024 * 1024;
    private readonly ConcurrentDictionary<(string Code, bool Full), Entry> _entries = new();
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;
    private readonly Lock _write = new();
    private long _clock;
    private long _bytes;

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
        var made = new Entry(view.Version, view.UpdatedAt, today, tenancies, bytes, Interlocked.Increment(ref _clock));
        lock (_write)
        {
            if (_bytes + bytes.Length > maxBytes)
            {
                Trim();
            }

            if (_entries.TryGetValue(key, out var replaced))
            {
                _bytes -= replaced.Bytes.Length;
            }

            _entries[key] = made;
            _bytes += bytes.Length;
        }

        return bytes;
    }

    /// <summary>The bytes of the answers kept.</summary>
    public long Bytes
    {
        get
        {
            lock (_write)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Drops the older half of the answers (by when each was made); under the write lock.</summary>
    private void Trim()
    {
        var made = _entries.Values.Select(e => e.Made).Order().ToArray();
        var cut = made.Length == 0 ? long.MaxValue : made[made.Length / 2];
        foreach (var (key, entry) in _entries)
        {
            if (entry.Made < cut && _entries.TryRemove(key, out _))
            {
                _bytes -= entry.Bytes.Length;
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
