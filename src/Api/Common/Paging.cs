using CellValley.Api.Resources;
using CellValley.Grains.Common;
using Dapper;
using Npgsql;

namespace CellValley.Api.Common;

/// <summary>One page of a list: its items, how many there are in all, and which page this is.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize);

/// <summary>
/// The one paging convention of every list: page (from 1) and pageSize (1 to <see cref="MaxPageSize"/>,
/// default 20), answered with the total, so that no list is ever cut without saying so.
/// </summary>
public static class Paging
{
    public const int MaxPageSize = 200;

    public const int DefaultPageSize = 20;

    /// <summary>The most rows a list gives as a file (?format=xlsx or csv): the whole list, within reason.</summary>
    public const int MaxExportRows = 50_000;

    private static readonly AsyncLocal<bool> ExportingNow = new();

    /// <summary>While a list is being exported, one page may hold up to <see cref="MaxExportRows"/> rows.</summary>
    public static IDisposable Exporting()
    {
        ExportingNow.Value = true;
        return new EndExport();
    }

    private sealed class EndExport : IDisposable
    {
        public void Dispose() => ExportingNow.Value = false;
    }

    public static void Check(FieldErrors errors, int? page, int? pageSize)
    {
        if (page is < 1)
        {
            errors.Add("page", Messages.AsRule(Messages.RulePage));
        }

        if (pageSize is < 1 || pageSize > (ExportingNow.Value ? MaxExportRows : MaxPageSize))
        {
            errors.Add("pageSize", Messages.AsRule(Messages.RulePageSize, MaxPageSize));
        }
    }

    /// <summary>
    /// Counts the rows of a FROM … WHERE … and reads one page of them, in one round trip.
    /// <paramref name="from"/> starts at FROM; <paramref name="orderBy"/> must make the order total.
    /// </summary>
    public static async Task<PagedList<T>> PageAsync<T>(
        this NpgsqlConnection connection, string select, string from, string orderBy, object arguments, int? page, int? pageSize)
    {
        var number = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        var parameters = new DynamicParameters(arguments);
        parameters.Add("page_limit", size);
        parameters.Add("page_offset", (long)(number - 1) * size);
        await using var reader = await connection.QueryMultipleAsync(
            $"SELECT count(*) {from};\nSELECT {select} {from} ORDER BY {orderBy} LIMIT @page_limit OFFSET @page_offset", parameters);
        var total = await reader.ReadSingleAsync<long>();
        var items = (await reader.ReadAsync<T>()).AsList();
        return new PagedList<T>(items, total, number, size);
    }
}

/// <summary>The best few of a list ranked by design: truncated says that more were weighed than shown.</summary>
public sealed record RankedList<T>(IReadOnlyList<T> Items, long Considered, bool Truncated);
