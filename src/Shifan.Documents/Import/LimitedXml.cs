using System.Xml;
using Shifan.Documents.Frameworks;

namespace Shifan.Documents.Import;

/// <summary>Reads an XML part forward only, refusing it as soon as it breaks a limit of <see cref="ReadLimits"/>.</summary>
public static class LimitedXml
{
    /// <summary>
    /// Walks every node; <paramref name="visit"/> sees each one and returns false to stop early.
    /// <paramref name="started"/> is when the whole file's reading began (the time limit is per file).
    /// </summary>
    public static void Walk(Stream part, string name, ReadLimits limits, DateTime started, Func<XmlReader, bool>? visit = null)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxPartBytes,
            CloseInput = false,
            IgnoreComments = true,
        };
        long elements = 0;
        try
        {
            using var reader = XmlReader.Create(part, settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (++elements > limits.MaxXmlElements)
                        throw new DocumentReadException($"文件内部的 {name} 元素超过 {limits.MaxXmlElements:N0} 个的上限，已拒绝读取");
                    if (reader.Depth + 1 > limits.MaxXmlDepth)
                        throw new DocumentReadException($"文件内部的 {name} 嵌套超过 {limits.MaxXmlDepth} 层的上限，已拒绝读取");
                    if ((elements & 1023) == 0 && DateTime.UtcNow - started > limits.MaxTime)
                        throw new DocumentReadException($"读取文件超过 {limits.MaxTime.TotalSeconds:0} 秒的时间上限");
                }
                if (visit is not null && !visit(reader)) return;
            }
        }
        catch (XmlException ex)
        {
            throw new DocumentReadException($"文件内部的 {name} 格式错误（可能含有不安全的XML实体）", ex);
        }
    }
}
