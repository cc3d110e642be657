using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace CellValley.Api.Plans;

/// <summary>
/// Chinese type for PDFs: the first face of a TrueType font (collection) installed on the machine — WenQuanYi Micro Hei by
/// default (Debian's fonts-wqy-microhei), or the file CellValley:Reports:ChineseFont names. A collection (.ttc) is cut down to its
/// first font, which is what PDFsharp reads.
/// </summary>
public sealed class ChineseFont : IFontResolver
{
    public const string Family = "cv-chinese";

    public static readonly string[] DefaultFiles =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    ];

    private static readonly Lock Gate = new();
    private static ChineseFont? _installed;
    private readonly byte[] _face;

    private ChineseFont(byte[] face) => _face = face;

    /// <summary>Installs the resolver once; false when no usable font file exists (then no PDF can be made).</summary>
    public static bool TryInstall(string? configured)
    {
        lock (Gate)
        {
            if (_installed is not null)
            {
                return true;
            }

            var file = (configured is null ? DefaultFiles : [configured]).FirstOrDefault(File.Exists);
            if (file is null)
            {
                return false;
            }

            _installed = new ChineseFont(FirstFace(File.ReadAllBytes(file)));
            GlobalFontSettings.FontResolver = _installed;
            return true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(Family, isBold, false);

    public byte[]? GetFont(string faceName) => _face;

    /// <summary>The first font of a TrueType collection as a font file of its own (its tables copied, their offsets rewritten); a plain font file as it is.</summary>
    public static byte[] FirstFace(byte[] file)
    {
        if (file.Length < 16 || file[0] != 't' || file[1] != 't' || file[2] != 'c' || file[3] != 'f')
        {
            return file;
        }

        var start = (int)U32(file, 12);
        var tables = U16(file, start + 4);
        var header = 12 + 16 * tables;
        var size = header + Enumerable.Range(0, tables).Sum(i => Padded((int)U32(file, start + 12 + 16 * i + 12)));
        var face = new byte[size];
        Array.Copy(file, start, face, 0, header);
        var at = header;
        for (var i = 0; i < tables; i++)
        {
            var record = start + 12 + 16 * i;
            var length = (int)U32(file, record + 12);
            Array.Copy(file, (int)U32(file, record + 8), face, at, length);
            var offset = 12 + 16 * i + 8;
            (face[offset], face[offset + 1], face[offset + 2], face[offset + 3]) = ((byte)(at >> 24), (byte)(at >> 16), (byte)(at >> 8), (byte)at);
            at += Padded(length);
        }

        return face;
    }

    private static int Padded(int length) => (length + 3) & ~3;

    private static uint U32(byte[] b, int at) => (uint)(b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3]);

    private static int U16(byte[] b, int at) => b[at] << 8 | b[at + 1];
}

/// <summary>The 季报 as a PDF (A4): the same sections as the page, its tables broken across pages with their headers repeated.</summary>
public sealed class QuarterlyPdf
{
    private const double Margin = 48;
    private readonly PdfDocument _document = new();
    private readonly XFont _body = new(ChineseFont.Family, 9.5);
    private readonly XFont _small = new(ChineseFont.Family, 8);
    private readonly XFont _heading = new(ChineseFont.Family, 12, XFontStyleEx.Bold);
    private readonly XFont _title = new(ChineseFont.Family, 16, XFontStyleEx.Bold);
    private PdfPage _page = null!;
    private XGraphics _graphics = null!;
    private double _y;

    private QuarterlyPdf() => NewPage();

    private double Width => _page.Width.Point - 2 * Margin;

    public static byte[] Render(QuarterlyReportDto report)
    {
        var pdf = new QuarterlyPdf();
        pdf._document.Info.Title = $"{report.PlanTitle} {report.QuarterLabel}推进情况报告";
        pdf.Write(report);
        pdf._graphics.Dispose();
        using var stream = new MemoryStream();
        pdf._document.Save(stream);
        return stream.ToArray();
    }

    private void Write(QuarterlyReportDto r)
    {
        Centered(r.PlanTitle, _title);
        Centered($"{r.QuarterLabel}推进情况报告", _heading);
        Centered($"数据截至 {Day(r.FiguresAsOf)}，进展截至 {Day(r.ReportsAsOf)}，生成于 {r.GeneratedAt.ToOffset(TimeSpan.FromHours(8)):yyyy年M月d日 HH:mm}", _small);
        _y += 6;

        Heading("一、总体情况");
        Paragraph($"本季度应报送进展 {r.ReportsRequired} 项，已报送 {r.ReportsReceived} 项，审核通过 {r.ReportsAccepted} 项，逾期 {r.ReportsLate} 项。"
            + $"督办状态：绿灯 {r.Lights.Green} 项，黄灯 {r.Lights.Yellow} 项，红灯 {r.Lights.Red} 项。");

        Heading("二、目标完成情况");
        Table([("目标", 0.52), ("季度末", 0.16), ("上季度末", 0.16), ("是否达成", 0.16)],
            r.Targets.Select(t => new[] { t.Text, Value(t.Value, t.Id), Value(t.PreviousValue, t.Id), t.Met ? "已达成" : "未达成" }));

        Heading("三、产业集群动态");
        var h = r.Highlights;
        Paragraph($"企业总数 {h.Enterprises} 家（上季度末 {h.EnterprisesBefore} 家）；梯度升级 {h.TiersUp} 家，降级 {h.TiersDown} 家，到期 {h.TiersExpired} 家。");
        Paragraph($"产品管线 {h.Products} 个（上季度末 {h.ProductsBefore} 个），本季度新进入 {h.ProductsEntered} 个，推进阶段 {h.ProductsAdvanced} 次。");
        Paragraph($"融资与资助 {h.Funding / 10000m:0.##} 万元，共 {h.FundingCount} 笔。");
        Paragraph($"园区入驻率 {Percent(h.Occupancy)}" + string.Concat(h.Parks.Select(p => $"；{p.Name} {Percent(p.Occupancy)}")) + "。");
        Paragraph($"招商线索落地 {h.LeadsLanded} 个。");

        Heading("四、重点任务推进情况");
        Table([("事项", 0.06), ("具体落实事项", 0.22), ("牵头部门", 0.13), ("状态", 0.1), ("进展情况", 0.27), ("报送", 0.1), ("督办", 0.12)],
            r.Tasks.SelectMany(t => t.Items.Select(i => new[]
            {
                i.Number.ToString(CultureInfo.InvariantCulture), i.Title, i.Lead,
                PlanTexts.Status(i.Status) is { Length: > 0 } status ? status + (i.Percent is { } p ? $" {p}%" : "") : "—",
                i.Narrative ?? "", PlanTexts.State(i.ReportState) + (i.Late ? "（逾期）" : ""),
                PlanTexts.Light(i.Light) + "\n" + PlanTexts.Reason(i.LightReason, i.LightQuarter),
            })));

        Heading("五、与上季度相比的变化");
        if (r.Changes.Count == 0)
        {
            Paragraph("与上季度相比无变化（或本季度为方案的第一个季度）。");
        }
        else
        {
            Table([("事项", 0.08), ("具体落实事项", 0.52), ("状态", 0.2), ("督办", 0.2)], r.Changes.Select(c => new[]
            {
                c.Number.ToString(CultureInfo.InvariantCulture), c.Title,
                $"{Or(PlanTexts.Status(c.StatusFrom))} → {Or(PlanTexts.Status(c.StatusTo))}", $"{Or(PlanTexts.Light(c.LightFrom))} → {PlanTexts.Light(c.LightTo)}",
            }));
        }
    }

    private static string Or(string text) => text.Length == 0 ? "—" : text;

    private static string Day(DateOnly day) => $"{day.Year}年{day.Month}月{day.Day}日";

    private static string Percent(decimal? share) => share is { } s ? $"{s * 100:0.#}%" : "—";

    private static string Value(decimal? value, string target) =>
        value is not { } v ? "—" : target.EndsWith("occupancy", StringComparison.Ordinal) ? Percent(v) : v.ToString("0.##", CultureInfo.InvariantCulture);

    private void NewPage()
    {
        _graphics?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
        var number = _document.PageCount.ToString(CultureInfo.InvariantCulture);
        _graphics.DrawString($"— {number} —", _small, XBrushes.Gray, new XRect(0, _page.Height.Point - Margin / 2 - 8, _page.Width.Point, 10), XStringFormats.Center);
    }

    private void Room(double height)
    {
        if (_y + height > _page.Height.Point - Margin)
        {
            NewPage();
        }
    }

    private void Centered(string text, XFont font)
    {
        var height = font.GetHeight() + 4;
        Room(height);
        _graphics.DrawString(text, font, XBrushes.Black, new XRect(Margin, _y, Width, height), XStringFormats.TopCenter);
        _y += height;
    }

    private void Heading(string text)
    {
        Room(_heading.GetHeight() * 3);
        _y += 8;
        _graphics.DrawString(text, _heading, XBrushes.Black, new XPoint(Margin, _y + _heading.GetHeight() * 0.8));
        _y += _heading.GetHeight() + 4;
    }

    private void Paragraph(string text)
    {
        foreach (var line in Lines(text, _body, Width))
        {
            Room(_body.GetHeight() + 2);
            _graphics.DrawString(line, _body, XBrushes.Black, new XPoint(Margin, _y + _body.GetHeight() * 0.8));
            _y += _body.GetHeight() + 2;
        }
    }

    /// <summary>A table with its header row repeated on each page; a row's height is its tallest cell's.</summary>
    private void Table((string Header, double Share)[] columns, IEnumerable<string[]> rows)
    {
        var widths = columns.Select(c => c.Share * Width).ToArray();
        Row(columns.Select(c => c.Header).ToArray(), widths, header: true);
        foreach (var row in rows)
        {
            var height = Height(row, widths);
            if (_y + height > _page.Height.Point - Margin)
            {
                NewPage();
                Row(columns.Select(c => c.Header).ToArray(), widths, header: true);
            }

            Row(row, widths, header: false);
        }

        _y += 4;
    }

    private double Height(string[] cells, double[] widths) =>
        cells.Select((c, i) => Lines(c, _body, widths[i] - 6).Count).Max() * (_body.GetHeight() + 1) + 6;

    private void Row(string[] cells, double[] widths, bool header)
    {
        var height = Height(cells, widths);
        Room(height);
        var x = Margin;
        for (var i = 0; i < cells.Length; i++)
        {
            var box = new XRect(x, _y, widths[i], height);
            if (header)
            {
                _graphics.DrawRectangle(XBrushes.WhiteSmoke, box);
            }

            _graphics.DrawRectangle(new XPen(XColors.Gray, 0.5), box);
            var lineY = _y + 3;
            foreach (var line in Lines(cells[i], _body, widths[i] - 6))
            {
                _graphics.DrawString(line, _body, XBrushes.Black, new XPoint(x + 3, lineY + _body.GetHeight() * 0.8));
                lineY += _body.GetHeight() + 1;
            }

            x += widths[i];
        }

        _y += height;
    }

    /// <summary>Breaks text into lines that fit the width, character by character (Chinese has no spaces to break at), at newlines too.</summary>
    private List<string> Lines(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new System.Text.StringBuilder();
            foreach (var rune in paragraph.EnumerateRunes())
            {
                line.Append(rune.ToString());
                if (line.Length > 1 && _graphics.MeasureString(line.ToString(), font).Width > width)
                {
                    line.Length -= rune.Utf16SequenceLength;
                    lines.Add(line.ToString());
                    line.Clear().Append(rune.ToString());
                }
            }

            lines.Add(line.ToString());
        }

        return lines;
    }
}
