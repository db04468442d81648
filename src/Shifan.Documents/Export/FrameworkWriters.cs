using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Export;

/// <summary>The export formats of a framework, by name.</summary>
public static class FrameworkWriters
{
    public static IReadOnlyList<string> Formats { get; } = ["json", "xlsx", "docx"];

    public static string ContentType(string format) => format switch
    {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/json",
    };

    public static void Write(FrameworkFile file, string format, Stream output)
    {
        switch (format)
        {
            case "docx": FrameworkDocxWriter.Write(file, output); break;
            case "xlsx": FrameworkXlsxWriter.Write(file, output); break;
            case "json": FrameworkJson.Write(file, output); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, "unknown export format");
        }
    }
}
