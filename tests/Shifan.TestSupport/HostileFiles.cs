using System.IO.Compression;
using System.Text;

namespace Shifan.TestSupport;

/// <summary>
/// Files built to hurt a parser, written by the tests themselves (never committed): a PDF whose page
/// tree nests very deep, and .docx packages whose XML is huge, deep or wide.
/// </summary>
public static class HostileFiles
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>A one-page PDF whose /Pages tree nests <paramref name="depth"/> levels above its page.</summary>
    public static void WriteNestedPagesPdf(Stream output, int depth, string text = "deep page")
    {
        var offsets = new List<long>();
        var writer = new StreamWriter(output, Encoding.ASCII, 1 << 16, leaveOpen: true) { NewLine = "\n" };
        long position = 0;
        void Write(string s)
        {
            writer.Write(s);
            position += s.Length;
        }
        void Object(int number, string body)
        {
            offsets.Add(position);
            Write($"{number} 0 obj\n{body}\nendobj\n");
        }
        Write("%PDF-1.4\n");
        var page = depth + 2;
        var contents = depth + 3;
        var font = depth + 4;
        Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        for (var n = 2; n <= depth + 1; n++)
            Object(n, $"<< /Type /Pages /Kids [{n + 1} 0 R] /Count 1{(n > 2 ? $" /Parent {n - 1} 0 R" : "")} >>");
        Object(page, $"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {contents} 0 R >>");
        var stream = $"BT /F1 24 Tf 72 720 Td ({text}) Tj ET";
        Object(contents, $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream");
        Object(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var xref = position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) Write($"{o:D10} 00000 n \n");
        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        writer.Flush();
    }

    /// <summary>
    /// The same deep page tree, but its /Pages objects packed in compressed object streams (PDF 1.5, with
    /// an xref stream), where no scan of the file's plain objects can see them: only the worker process
    /// stands between PdfPig's recursion and the server.
    /// </summary>
    public static byte[] NestedPagesPdfInObjectStreams(int depth, string text = "deep page")
    {
        using var output = new MemoryStream();
        var entries = new Dictionary<int, (int Type, long Field2, int Field3)>();
        void Write(string s) => output.Write(Encoding.ASCII.GetBytes(s));
        void Plain(int number, string body)
        {
            entries[number] = (1, output.Position, 0);
            Write($"{number} 0 obj\n{body}\nendobj\n");
        }
        void StreamObject(int number, string dictionary, byte[] data)
        {
            entries[number] = (1, output.Position, 0);
            Write($"{number} 0 obj\n<< {dictionary} /Length {data.Length} >>\nstream\n");
            output.Write(data);
            Write("\nendstream\nendobj\n");
        }
        Write("%PDF-1.5\n");
        var page = depth + 2;
        var contents = depth + 3;
        var font = depth + 4;
        var next = depth + 5;
        Plain(1, "<< /Type /Catalog /Pages 2 0 R >>");
        const int PerStream = 5000;
        for (var first = 2; first <= depth + 1; first += PerStream)
        {
            var streamNumber = next++;
            var header = new StringBuilder();
            var body = new StringBuilder();
            var index = 0;
            for (var n = first; n < first + PerStream && n <= depth + 1; n++, index++)
            {
                header.Append($"{n} {body.Length} ");
                body.Append($"<< /Type /Pages /Kids [{n + 1} 0 R] /Count 1{(n > 2 ? $" /Parent {n - 1} 0 R" : "")} >>\n");
                entries[n] = (2, streamNumber, index);
            }
            var head = header.ToString();
            StreamObject(streamNumber, $"/Type /ObjStm /N {index} /First {head.Length} /Filter /FlateDecode", Deflate(Encoding.ASCII.GetBytes(head + body)));
        }
        Plain(page, $"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {contents} 0 R >>");
        var content = $"BT /F1 24 Tf 72 720 Td ({text}) Tj ET";
        StreamObject(contents, "", Encoding.ASCII.GetBytes(content));
        Plain(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        var xrefNumber = next++;
        var xrefOffset = output.Position;
        entries[xrefNumber] = (1, xrefOffset, 0);
        var table = new MemoryStream();
        for (var n = 0; n < next; n++)
        {
            var (type, field2, field3) = n == 0 ? (0, 0L, 65535) : entries[n];
            table.WriteByte((byte)type);
            for (var shift = 24; shift >= 0; shift -= 8) table.WriteByte((byte)(field2 >> shift));
            table.WriteByte((byte)(field3 >> 8));
            table.WriteByte((byte)field3);
        }
        var xref = Deflate(table.ToArray());
        Write($"{xrefNumber} 0 obj\n<< /Type /XRef /Size {next} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {xref.Length} >>\nstream\n");
        output.Write(xref);
        Write($"\nendstream\nendobj\nstartxref\n{xrefOffset}\n%%EOF\n");
        return output.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(data);
        return ms.ToArray();
    }

    public static byte[] NestedPagesPdf(int depth, string text = "deep page")
    {
        using var ms = new MemoryStream();
        WriteNestedPagesPdf(ms, depth, text);
        return ms.ToArray();
    }

    /// <summary>
    /// A .docx whose word/document.xml holds about <paramref name="xmlBytes"/> of formatted paragraphs
    /// with a little random text each, so deflate shrinks it only about tenfold (no zip bomb by ratio);
    /// streamed in 1 MB chunks, never held in memory.
    /// </summary>
    public static void WriteDocxWithHugeXml(Stream output, long xmlBytes)
    {
        var random = new Random(8);
        WriteDocx(output, w =>
        {
            var open = "<w:p><w:pPr><w:jc w:val=\"both\"/><w:spacing w:line=\"560\"/></w:pPr><w:r><w:rPr><w:sz w:val=\"32\"/></w:rPr><w:t>"u8.ToArray();
            var close = "</w:t></w:r></w:p>"u8.ToArray();
            var letters = "abcd"u8.ToArray();
            var noise = new byte[6];
            var chunk = new byte[1 << 20];
            var used = 0;
            long written = 0;
            while (written < xmlBytes)
            {
                if (used + open.Length + close.Length + 4 * noise.Length > chunk.Length)
                {
                    w.Write(chunk, 0, used);
                    written += used;
                    used = 0;
                }
                open.CopyTo(chunk, used);
                used += open.Length;
                random.NextBytes(noise);
                foreach (var b in noise)
                    for (var shift = 0; shift < 8; shift += 2)
                        chunk[used++] = letters[(b >> shift) & 3];
                close.CopyTo(chunk, used);
                used += close.Length;
            }
            w.Write(chunk, 0, used);
        });
    }

    /// <summary>A .docx whose body is one paragraph inside <paramref name="depth"/> levels of elements in all.</summary>
    public static byte[] DocxNested(int depth, string text = "深层文字")
    {
        // w:document and w:body are two levels, w:p w:r w:t three more; the rest are nested w:sdt/w:sdtContent pairs or a single w:customXml.
        var wrappers = depth - 5;
        using var ms = new MemoryStream();
        WriteDocx(ms, w =>
        {
            var sb = new StringBuilder();
            for (var i = 0; i < wrappers; i++) sb.Append("<w:customXml w:element=\"x\">");
            sb.Append($"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
            for (var i = 0; i < wrappers; i++) sb.Append("</w:customXml>");
            w.Write(Encoding.UTF8.GetBytes(sb.ToString()));
        });
        return ms.ToArray();
    }

    /// <summary>A .docx whose document.xml has exactly <paramref name="elements"/> elements (at least 5).</summary>
    public static byte[] DocxWithElements(long elements)
    {
        using var ms = new MemoryStream();
        WriteDocx(ms, w =>
        {
            // document, body, p, r, t = 5; each extra is an empty w:p.
            w.Write("<w:p><w:r><w:t>元素</w:t></w:r></w:p>"u8);
            var empty = "<w:p/>"u8.ToArray();
            for (long i = 5; i < elements; i++) w.Write(empty);
        });
        return ms.ToArray();
    }

    /// <summary>A .docx whose document.xml is exactly <paramref name="bytes"/> long (padded with one long text run).</summary>
    public static byte[] DocxOfDocumentSize(long bytes)
    {
        var head = Encoding.UTF8.GetBytes(DocumentHead + "<w:p><w:r><w:t>");
        var tail = Encoding.UTF8.GetBytes("</w:t></w:r></w:p>" + DocumentTail);
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var w = zip.CreateEntry("word/document.xml", CompressionLevel.Fastest).Open())
            {
                w.Write(head);
                var pad = new byte[64 * 1024];
                Array.Fill(pad, (byte)'x');
                for (var left = bytes - head.Length - tail.Length; left > 0; left -= pad.Length) w.Write(pad, 0, (int)Math.Min(pad.Length, left));
                w.Write(tail);
            }
            AddPackageParts(zip);
        }
        return ms.ToArray();
    }

    private const string DocumentHead = $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{WordNamespace}\"><w:body>";
    private const string DocumentTail = "</w:body></w:document>";

    /// <summary>The document part comes first, as the upload's type detection (first 64 bytes) looks for "word/".</summary>
    private static void WriteDocx(Stream output, Action<Stream> writeBody)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        using (var w = zip.CreateEntry("word/document.xml", CompressionLevel.Fastest).Open())
        {
            w.Write(Encoding.UTF8.GetBytes(DocumentHead));
            writeBody(w);
            w.Write(Encoding.UTF8.GetBytes(DocumentTail));
        }
        AddPackageParts(zip);
    }

    private static void AddPackageParts(ZipArchive zip)
    {
        void Add(string name, string content)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(content));
        }
        Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
        Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
    }
}
