using System.IO.Compression;

namespace CellValley.Api.Files;

/// <summary>
/// What a file is, judged by its bytes, never by its name: PDF, PNG, JPEG, GIF, WebP, Office Open XML (Word, Excel, PowerPoint)
/// and the older Office formats. Anything else — an executable renamed .pdf included — is refused, naming what it was found to be.
/// </summary>
public static class FileContent
{
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>The content type the bytes are, or null with what they look like instead.</summary>
    public static (string? ContentType, string Found) Sniff(byte[] bytes)
    {
        bool Starts(params byte[] magic) => bytes.Length >= magic.Length && bytes.AsSpan(0, magic.Length).SequenceEqual(magic);
        if (Starts("%PDF-"u8.ToArray()))
        {
            return ("application/pdf", "PDF");
        }

        if (Starts(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A))
        {
            return ("image/png", "PNG");
        }

        if (Starts(0xFF, 0xD8, 0xFF))
        {
            return ("image/jpeg", "JPEG");
        }

        if (Starts("GIF87a"u8.ToArray()) || Starts("GIF89a"u8.ToArray()))
        {
            return ("image/gif", "GIF");
        }

        if (Starts("RIFF"u8.ToArray()) && bytes.Length >= 12 && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8))
        {
            return ("image/webp", "WebP");
        }

        if (Starts(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1))
        {
            return ("application/x-ole-storage", "Office 97-2003");
        }

        if (Starts(0x50, 0x4B, 0x03, 0x04))
        {
            return OfficeOpenXml(bytes);
        }

        if (Starts(0x4D, 0x5A))
        {
            return (null, "Windows 可执行程序");
        }

        if (Starts(0x7F, 0x45, 0x4C, 0x46))
        {
            return (null, "Linux 可执行程序");
        }

        return (null, "未知格式");
    }

    private static (string?, string) OfficeOpenXml(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return (null, "ZIP 压缩包");
            }

            var names = zip.Entries.Select(e => e.FullName).ToArray();
            return names.Any(n => n.StartsWith("word/", StringComparison.Ordinal)) ? ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
                : names.Any(n => n.StartsWith("xl/", StringComparison.Ordinal)) ? ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
                : names.Any(n => n.StartsWith("ppt/", StringComparison.Ordinal)) ? ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint")
                : (null, "ZIP 压缩包");
        }
        catch (InvalidDataException)
        {
            return (null, "损坏的 ZIP 文件");
        }
    }
}
