using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MiniExcelLibs;

namespace CellValley.Api.Imports;

/// <summary>
/// A kind's template workbook: its sheet (headers, required ones marked *, and the sample row), a notes sheet
/// (每列说明), and a sheet per choice list; each coded column gets a drop-down of its list (Open XML data
/// validation), warning — not refusing — on other text, since some take several values.
/// </summary>
public static class ImportTemplates
{
    /// <summary>Rows of the data sheet the drop-downs cover.</summary>
    public const int DropDownRows = 5000;

    public static async Task<byte[]> BuildAsync(ImportKind kind)
    {
        var columns = kind.Columns;
        var sheets = new Dictionary<string, object>
        {
            [kind.Title] = new[] { columns.ToDictionary(c => Header(c), c => (object?)c.Sample) },
            ["填写说明"] = columns
                .Select(c => new Dictionary<string, object?>
                {
                    ["列"] = c.Header, ["必填"] = c.Required ? "是" : "否",
                    ["说明"] = c.Choices is null ? c.Note : (c.Note.Length == 0 ? "" : c.Note + "；") + $"可下拉选择，取值见“{c.Choices}”表",
                })
                .Append(new Dictionary<string, object?> { ["列"] = "（匹配）", ["必填"] = "", ["说明"] = kind.MatchNote })
                .Append(new Dictionary<string, object?>
                {
                    ["列"] = "（示例行）", ["必填"] = "", ["说明"] = $"“{kind.Title}”表第 2 行是填写示例，含“{ImportKind.SampleMark}”的行不会被导入；请删除或改写为真实数据",
                })
                .ToArray(),
        };
        var choices = await kind.ChoicesAsync();
        foreach (var list in choices)
        {
            sheets[list.Name] = list.Values.Select(v => new Dictionary<string, object?> { [list.Name] = v }).ToArray();
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets);
        AddDropDowns(stream, kind, choices);
        return stream.ToArray();
    }

    private static string Header(TemplateColumn column) => (column.Required ? "*" : "") + column.Header;

    private static void AddDropDowns(MemoryStream stream, ImportKind kind, IReadOnlyList<ChoiceList> choices)
    {
        var lists = choices.ToDictionary(c => c.Name);
        var validations = new DataValidations();
        for (var i = 0; i < kind.Columns.Count; i++)
        {
            if (kind.Columns[i].Choices is not { } name || !lists.TryGetValue(name, out var list) || list.Values.Count == 0)
            {
                continue;
            }

            var letter = Letter(i);
            validations.Append(new DataValidation(new Formula1($"'{name}'!$A$2:$A${list.Values.Count + 1}"))
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowErrorMessage = true,
                ErrorStyle = DataValidationErrorStyleValues.Warning,
                ErrorTitle = "不在列表中",
                Error = $"请从“{name}”表中选择；多个值用、分隔",
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{letter}2:{letter}{DropDownRows + 1}" },
            });
        }

        if (!validations.HasChildren)
        {
            return;
        }

        validations.Count = (uint)validations.ChildElements.Count;
        stream.Position = 0;
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var workbook = document.WorkbookPart!;
            var sheet = workbook.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First(s => s.Name == kind.Title);
            var worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
            // Schema order: data validations come after the sheet data (and merges, filters), before links and page setup.
            var after = worksheet.ChildElements.FirstOrDefault(e => e is Hyperlinks or PrintOptions or PageMargins or PageSetup or HeaderFooter or Drawing or LegacyDrawing or TableParts or ExtensionList);
            if (after is null)
            {
                worksheet.Append(validations);
            }
            else
            {
                worksheet.InsertBefore(validations, after);
            }

            worksheet.Save();
        }
    }

    private static string Letter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
