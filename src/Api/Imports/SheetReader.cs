using System.Globalization;
using System.Text;
using MiniExcelLibs;
using Sylvan.Data.Csv;

namespace CellValley.Api.Imports;

/// <summary>An uploaded sheet: its header row and its data rows, every cell as the text it shows (dates as yyyy-MM-dd).</summary>
public sealed record Sheet(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string?>> Rows, string Encoding)
{
    /// <summary>Each row's number in the file (the header is row 1), blank rows skipped.</summary>
    public IReadOnlyList<int> Numbers { get; init; } = Enumerable.Range(2, Rows.Count).ToArray();
}

/// <summary>Why a file cannot be read at all (not a workbook, too large, too many rows or columns): nothing is imported.</summary>
public sealed class SheetRefusedException(string message) : Exception(message);

/// <summary>
/// Reads .xlsx (MiniExcel) and .csv (Sylvan) uploads within limits. A CSV's encoding is found from its
/// bytes: UTF-8 with or without a byte-order mark, else GB18030 (a superset of GBK, what Excel on Chinese
/// Windows writes).
/// </summary>
public static class SheetReader
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxRows = 50_000;
    public const int MaxColumns = 200;

    static SheetReader() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The sheets of a workbook by name (none for a CSV).</summary>
    public static IReadOnlyList<string> SheetNames(string fileName, byte[] content)
    {
        if (!IsZip(content))
        {
            return [];
        }

        Inspect(content);
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            return stream.GetSheetNames();
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new SheetRefusedException("不是有效的 .xlsx 工作簿");
        }
    }

    private static bool IsZip(byte[] content) => content.Length >= 4 && content[0] == 0x50 && content[1] == 0x4B && content[2] == 0x03 && content[3] == 0x04;

    /// <summary>One sheet of the upload: the named one of a workbook (default its first), or the CSV.</summary>
    public static Sheet Read(string fileName, byte[] content, string? sheetName = null)
    {
        if (content.Length > MaxBytes)
        {
            throw new SheetRefusedException($"文件超过 {MaxBytes / 1024 / 1024} MB");
        }

        var isZip = IsZip(content);
        if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || isZip)
        {
            return isZip ? Workbook(content, sheetName) : throw new SheetRefusedException("不是有效的 .xlsx 工作簿");
        }

        if (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            return Csv(content);
        }

        throw new SheetRefusedException("只接受 .xlsx 或 .csv 文件");
    }

    /// <summary>What the parts of a workbook may unpack to, in all: a few MB of cells compress to far less, a zip bomb to far more.</summary>
    public const long MaxUnpackedBytes = 400L * 1024 * 1024;

    /// <summary>
    /// Refuses a workbook before reading it: one whose parts would unpack to more than <see cref="MaxUnpackedBytes"/>
    /// (a zip bomb), or whose sheets hold formulas (a roster is values; a formula's value is whatever it last showed).
    /// </summary>
    private static void Inspect(byte[] content)
    {
        // One upload is read sheet by sheet (its names, the main sheet, companion sheets): it is inspected once.
        if (Inspected.TryGetValue(content, out _))
        {
            return;
        }

        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content, writable: false), System.IO.Compression.ZipArchiveMode.Read);
            if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes || zip.Entries.Any(e => e.CompressedLength > 0 && e.Length / e.CompressedLength > 1000))
            {
                throw new SheetRefusedException("工作簿解压后过大（疑似压缩炸弹），未导入");
            }

            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
            {
                using var reader = System.Xml.XmlReader.Create(entry.Open(), new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit });
                while (reader.Read())
                {
                    if (reader.NodeType == System.Xml.XmlNodeType.Element && reader.LocalName == "f")
                    {
                        throw new SheetRefusedException("工作簿含公式，请将公式转换为数值（复制后“选择性粘贴—数值”）再导入");
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
            throw new SheetRefusedException("不是有效的 .xlsx 工作簿");
        }
        catch (System.Xml.XmlException)
        {
            throw new SheetRefusedException("不是有效的 .xlsx 工作簿");
        }

        Inspected.AddOrUpdate(content, content);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], byte[]> Inspected = new();

    private static Sheet Workbook(byte[] content, string? sheetName)
    {
        Inspect(content);
        var rows = new List<IReadOnlyList<string?>>();
        IReadOnlyList<string> headers = [];
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var first = true;
            foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false, sheetName: sheetName))
            {
                if (row.Count > MaxColumns)
                {
                    throw new SheetRefusedException($"列数超过 {MaxColumns}");
                }

                var cells = row.Values.Select(Text).ToArray();
                if (first)
                {
                    headers = cells.Select(c => c ?? "").ToArray();
                    first = false;
                    continue;
                }

                if (rows.Count >= MaxRows)
                {
                    throw new SheetRefusedException($"数据行超过 {MaxRows} 行");
                }

                rows.Add(cells);
            }
        }
        catch (SheetRefusedException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new SheetRefusedException("不是有效的 .xlsx 工作簿");
        }

        return Trimmed(headers, rows, "xlsx");
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        decimal n => n.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "是" : "否",
        _ => value.ToString(),
    };

    private static Sheet Csv(byte[] content)
    {
        var (text, encoding) = Decode(content);
        using var reader = new StringReader(text);
        using var csv = CsvDataReader.Create(reader, new CsvDataReaderOptions { HasHeaders = true, MaxBufferSize = 1 << 24 });
        if (csv.FieldCount > MaxColumns)
        {
            throw new SheetRefusedException($"列数超过 {MaxColumns}");
        }

        var headers = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToArray();
        var rows = new List<IReadOnlyList<string?>>();
        while (csv.Read())
        {
            if (rows.Count >= MaxRows)
            {
                throw new SheetRefusedException($"数据行超过 {MaxRows} 行");
            }

            rows.Add(Enumerable.Range(0, csv.RowFieldCount).Select(i => (string?)csv.GetString(i)).ToArray());
        }

        return Trimmed(headers, rows, encoding);
    }

    /// <summary>UTF-8 when the bytes are UTF-8 (with or without BOM), else GB18030.</summary>
    public static (string Text, string Encoding) Decode(byte[] content)
    {
        if (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF)
        {
            return (new UTF8Encoding(false).GetString(content, 3, content.Length - 3), "UTF-8");
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (System.Text.Encoding.GetEncoding("GB18030").GetString(content), "GB18030");
        }
    }

    /// <summary>Drops empty trailing columns and wholly empty rows (what spreadsheets leave behind).</summary>
    private static Sheet Trimmed(IReadOnlyList<string> headers, List<IReadOnlyList<string?>> rows, string encoding)
    {
        var width = headers.Count;
        while (width > 0 && string.IsNullOrWhiteSpace(headers[width - 1]))
        {
            width--;
        }

        var kept = rows.Select((r, i) => (Row: r, Number: i + 2)).Where(r => r.Row.Take(width).Any(c => !string.IsNullOrWhiteSpace(c))).ToArray();
        var cells = kept.Select(r => (IReadOnlyList<string?>)Enumerable.Range(0, width).Select(i => i < r.Row.Count ? r.Row[i]?.Trim() : null).ToArray()).ToArray();
        return new Sheet(headers.Take(width).Select(h => h.Trim()).ToArray(), cells, encoding) { Numbers = kept.Select(r => r.Number).ToArray() };
    }
}
