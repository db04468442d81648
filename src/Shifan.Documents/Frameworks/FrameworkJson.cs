using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Shifan.Documents.Frameworks;

public static class FrameworkJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        MaxDepth = 32,
    };

    public static string Write(FrameworkFile file) => JsonSerializer.Serialize(file, Options);

    public static void Write(FrameworkFile file, Stream stream) => JsonSerializer.Serialize(stream, file, Options);

    public static async Task<FrameworkFile> ReadAsync(Stream stream, CancellationToken ct = default)
    {
        FrameworkFile? file;
        try
        {
            file = await JsonSerializer.DeserializeAsync<FrameworkFile>(stream, Options, ct);
        }
        catch (JsonException ex)
        {
            throw new DocumentReadException($"指标体系JSON格式错误（第{(ex.LineNumber ?? 0) + 1}行）", ex);
        }
        return Check(file);
    }

    private static FrameworkFile Check(FrameworkFile? file)
    {
        if (file is null || file.Schema != FrameworkFile.SchemaName)
            throw new DocumentReadException($"不是指标体系交换文件（schema 应为 {FrameworkFile.SchemaName}）");
        return file;
    }

    /// <summary>Reads an interchange document; throws <see cref="DocumentReadException"/> with a Chinese message when it is not one.</summary>
    public static FrameworkFile Read(Stream stream)
    {
        FrameworkFile? file;
        try
        {
            file = JsonSerializer.Deserialize<FrameworkFile>(stream, Options);
        }
        catch (JsonException ex)
        {
            throw new DocumentReadException($"指标体系JSON格式错误（第{(ex.LineNumber ?? 0) + 1}行）", ex);
        }
        return Check(file);
    }
}

/// <summary>A document that cannot be read at all; the message is for users (Chinese).</summary>
public sealed class DocumentReadException(string message, Exception? inner = null) : Exception(message, inner);
