using System.Collections;
using System.Globalization;
using System.Text;
using CellValley.Api.Common;
using CellValley.Api.Errors;
using CellValley.Grains.Common;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace CellValley.Api.Export;

/// <summary>Endpoint metadata: the list can be had as a file (?format=xlsx or csv).</summary>
public sealed class ExportableMetadata;

/// <summary>
/// Every list as a spreadsheet: <c>?format=xlsx</c> or <c>?format=csv</c> on a list route runs the same
/// handler — the same filters, sorting and the caller's read scope — for all rows at once (up to
/// <see cref="Paging.MaxExportRows"/>), and answers a file with Chinese headers: in .xlsx numbers and
/// dates as cells of their kind, in CSV UTF-8 with a byte-order mark so that Excel reads the Chinese.
/// </summary>
public static class ListExport
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv";
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static RouteHandlerBuilder Exportable(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new ExportableMetadata()).AddEndpointFilterFactory((factory, next) =>
        {
            var parameters = factory.MethodInfo.GetParameters();
            var pageIndex = Array.FindIndex(parameters, p => p.Name == "page");
            var sizeIndex = Array.FindIndex(parameters, p => p.Name == "pageSize");
            return async context =>
            {
                var format = context.HttpContext.Request.Query["format"].ToString();
                if (format.Length == 0)
                {
                    return await next(context);
                }

                if (format is not ("xlsx" or "csv"))
                {
                    return Problems.InvalidProblem("format", Rule.OneOf("xlsx, csv"));
                }

                if (pageIndex >= 0)
                {
                    context.Arguments[pageIndex] = 1;
                }

                if (sizeIndex >= 0)
                {
                    context.Arguments[sizeIndex] = Paging.MaxExportRows;
                }

                object? result;
                using (Paging.Exporting())
                {
                    result = await next(context);
                }

                return await ToFileAsync(result, format, context.HttpContext);
            };
        });

    private static async Task<object?> ToFileAsync(object? result, string format, HttpContext http)
    {
        var inner = result;
        while (inner is INestedHttpResult nested)
        {
            inner = nested.Result;
        }

        // A refusal (400, 403, 404) answers as it would for the list.
        if (inner is not IValueHttpResult { Value: { } value } || inner is IStatusCodeHttpResult { StatusCode: not 200 })
        {
            return result;
        }

        var (rows, total) = Rows(value);
        if (total > Paging.MaxExportRows)
        {
            return Problems.InvalidProblem("format", Rule.ExportTooLarge(Paging.MaxExportRows, (int)Math.Min(total, int.MaxValue)));
        }

        var rowType = value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(PagedList<>)
            ? value.GetType().GetGenericArguments()[0]
            : value.GetType().GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];
        var sheet = http.RequestServices.GetRequiredService<ExportSheets>().For(rowType)
            ?? throw new InvalidOperationException($"No export sheet for {rowType.Name}");
        var fileName = $"{sheet.Name}-{DateTime.UtcNow.Add(Beijing):yyyy-MM-dd}.{format}";
        var bytes = format == "xlsx" ? await XlsxAsync(sheet, rows) : await CsvAsync(sheet, rows);
        return TypedResults.File(bytes, format == "xlsx" ? XlsxType : $"{CsvType}; charset=utf-8", fileName);
    }

    private static (IReadOnlyList<object> Rows, long Total) Rows(object value)
    {
        if (value.GetType().IsGenericType && value.GetType().GetGenericTypeDefinition() == typeof(PagedList<>))
        {
            var items = ((IEnumerable)value.GetType().GetProperty(nameof(PagedList<object>.Items))!.GetValue(value)!).Cast<object>().ToArray();
            return (items, (long)value.GetType().GetProperty(nameof(PagedList<object>.Total))!.GetValue(value)!);
        }

        var all = ((IEnumerable)value).Cast<object>().ToArray();
        return (all, all.Length);
    }

    private static async Task<byte[]> XlsxAsync(ExportSheet sheet, IReadOnlyList<object> rows)
    {
        var table = rows.Select(row =>
        {
            var cells = new Dictionary<string, object?>(sheet.Columns.Count);
            foreach (var column in sheet.Columns)
            {
                cells[column.Header] = XlsxCell(column.Cell(row));
            }

            return cells;
        }).ToList();
        // Dates as date cells; each column wide enough for its header.
        var samples = rows.Count == 0 ? [] : sheet.Columns.Select(c => rows.Select(c.Cell).FirstOrDefault(v => v is not null)).ToArray();
        var configuration = new OpenXmlConfiguration
        {
            DynamicColumns = sheet.Columns.Select((c, i) => new DynamicExcelColumn(c.Header)
            {
                Format = (samples.Length > 0 ? samples[i] : null) switch
                {
                    DateOnly => "yyyy-MM-dd",
                    DateTimeOffset => "yyyy-MM-dd HH:mm",
                    _ => null,
                },
                Width = Math.Max(12, Encoding.UTF8.GetByteCount(c.Header) * 0.9),
            }).ToArray(),
        };
        using var stream = new MemoryStream();
        if (table.Count == 0)
        {
            // A header row even when nothing matched.
            table.Add(sheet.Columns.ToDictionary(c => c.Header, _ => (object?)null));
            await stream.SaveAsAsync(table, sheetName: sheet.Name, configuration: configuration);
        }
        else
        {
            await stream.SaveAsAsync(table, sheetName: sheet.Name, configuration: configuration);
        }

        return stream.ToArray();
    }

    private static object? XlsxCell(object? value) => value switch
    {
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset t => t.ToOffset(Beijing).DateTime,
        bool b => b ? "是" : "否",
        _ => value,
    };

    private static async Task<byte[]> CsvAsync(ExportSheet sheet, IReadOnlyList<object> rows)
    {
        using var stream = new MemoryStream();
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = CsvWriter.Create(writer, new CsvWriterOptions(), false))
        {
            await csv.WriteRecordAsync(sheet.Columns.Select(c => c.Header).ToArray());
            foreach (var row in rows)
            {
                await csv.WriteRecordAsync(sheet.Columns.Select(c => CsvCell(c.Cell(row))).ToArray());
            }

            await csv.FlushAsync();
        }

        return stream.ToArray();
    }

    private static string CsvCell(object? value) => value switch
    {
        null => "",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
