using System.Text;
using System.Text.RegularExpressions;
using Shifan.Documents.Frameworks;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace Shifan.Documents.Import;

/// <summary>What a PDF holds: its ruled tables as grids, and the text outside them as paragraphs.</summary>
public sealed class PdfContent
{
    public List<TableGrid> Tables { get; } = [];
    public List<string> Paragraphs { get; } = [];
}

/// <summary>
/// Rebuilds the tables of a PDF from the positions of its letters and ruling lines (PdfPig gives both): the
/// table's lines give the grid, a border missing between two grid cells means they are one merged cell, and
/// a table that goes on over several pages is read as one (repeated header rows are left to the importer).
/// Lines of a cell that reach its right edge were wrapped by the page, not broken by the writer, and are joined.
/// Meant to run in the untrusted-file worker, like every parser of uploaded files (ADR-009).
/// </summary>
public static partial class PdfTableReader
{
    private const double LineTolerance = 2.0;
    private const double CellPadding = 6.0;

    private sealed record Segment(double At, double From, double To);

    private sealed record Glyph(string Value, double Left, double Right, double Bottom, double Top, double Baseline, double Size)
    {
        public double CenterX => (Left + Right) / 2;
        public double CenterY => (Bottom + Top) / 2;
        /// <summary>The type size: glyph boxes of punctuation and of some CJK fonts are far smaller than the line.</summary>
        public double Height => Math.Max(Math.Max(Top - Bottom, Size), 1);
    }

    public static PdfContent Read(byte[] bytes, ReadLimits limits)
    {
        PdfPageTree.CheckDepth(bytes, limits.MaxPdfDepth);
        var started = DateTime.UtcNow;
        var content = new PdfContent();
        PdfDocument doc;
        try
        {
            doc = PdfDocument.Open(bytes, new ParsingOptions { MaxStackDepth = limits.MaxPdfDepth });
        }
        catch (Exception ex) when (ex is not DocumentReadException and not OutOfMemoryException)
        {
            throw new DocumentReadException("不是有效的PDF文件，或文件已损坏、已加密", ex);
        }
        using (doc)
        {
            var pages = Math.Min(doc.NumberOfPages, limits.MaxPdfPages);
            var letters = 0;
            TableGrid? grid = null;
            var width = -1;
            for (var n = 1; n <= pages; n++)
            {
                if (DateTime.UtcNow - started > limits.MaxTime) throw new DocumentReadException("读取文件超时");
                var page = doc.GetPage(n);
                var glyphs = page.Letters.Where(l => l.Value.Length > 0)
                    .Select(l => new Glyph(l.Value, l.BoundingBox.Left, l.BoundingBox.Right, l.BoundingBox.Bottom, l.BoundingBox.Top, l.StartBaseLine.Y, l.PointSize))
                    .ToList();
                letters += glyphs.Count(g => !string.IsNullOrWhiteSpace(g.Value));
                var (horizontal, vertical) = Rulings(page);
                var xs = Cluster(vertical.Select(v => v.At));
                var ys = Cluster(horizontal.Select(h => h.At));
                if (xs.Count < 2 || ys.Count < 2)
                {
                    content.Paragraphs.AddRange(Paragraphs(glyphs, page.Width));
                    grid = null;
                    continue;
                }
                ys.Reverse();
                var inside = glyphs.Where(g => g.CenterX > xs[0] && g.CenterX < xs[^1] && g.CenterY < ys[0] && g.CenterY > ys[^1]).ToList();
                content.Paragraphs.AddRange(Paragraphs(glyphs.Where(g => g.CenterY >= ys[0]).ToList(), page.Width));
                var rows = ReadGrid(inside, xs, ys, horizontal, vertical);
                // A table that goes on from the page before keeps its grid width.
                if (grid is null || rows.FirstOrDefault()?.Count != width)
                {
                    grid = new TableGrid { Location = $"第{n}页表格" };
                    content.Tables.Add(grid);
                    width = rows.FirstOrDefault()?.Count ?? -1;
                }
                var continued = grid.Rows.Count > 0;
                for (var r = 0; r < rows.Count; r++)
                    if (rows[r].Any(c => c.Length > 0))
                    {
                        if (grid.Rows.Count >= limits.MaxRows) throw new DocumentReadException($"表格行数超过上限（{limits.MaxRows}行）");
                        grid.Rows.Add(new GridRow($"第{n}页 第{r + 1}行", rows[r]) { StartsPage = continued });
                        continued = false;
                    }
                content.Paragraphs.AddRange(Paragraphs(glyphs.Where(g => g.CenterY <= ys[^1]).ToList(), page.Width));
            }
            if (letters == 0)
                throw new DocumentReadException("这个PDF文件里没有文字，是扫描得到的图片：请先用WPS、Adobe Acrobat等软件做文字识别（OCR），或另存为可复制文字的PDF、Word文档后再导入");
        }
        return content;
    }

    /// <summary>The horizontal and vertical strokes and thin filled rectangles drawn on a page.</summary>
    private static (List<Segment> Horizontal, List<Segment> Vertical) Rulings(Page page)
    {
        var horizontal = new List<Segment>();
        var vertical = new List<Segment>();
        void Add(PdfPoint a, PdfPoint b)
        {
            if (Math.Abs(a.Y - b.Y) < LineTolerance && Math.Abs(a.X - b.X) > 4)
                horizontal.Add(new Segment((a.Y + b.Y) / 2, Math.Min(a.X, b.X), Math.Max(a.X, b.X)));
            else if (Math.Abs(a.X - b.X) < LineTolerance && Math.Abs(a.Y - b.Y) > 4)
                vertical.Add(new Segment((a.X + b.X) / 2, Math.Min(a.Y, b.Y), Math.Max(a.Y, b.Y)));
        }
        foreach (var path in page.Paths.Where(p => p.IsStroked || p.IsFilled))
            foreach (var sub in path)
            {
                // Only strokes draw lines; a filled shape counts only when it is thin (a border drawn as a bar),
                // never the page's or a cell's background.
                if (!path.IsStroked && !(sub.GetBoundingRectangle() is { } thin && (thin.Height < LineTolerance || thin.Width < LineTolerance))) continue;
                if (sub.GetBoundingRectangle() is { } box && (box.Height < LineTolerance || box.Width < LineTolerance))
                {
                    if (box.Height < LineTolerance) Add(new PdfPoint(box.Left, box.Centroid.Y), new PdfPoint(box.Right, box.Centroid.Y));
                    else Add(new PdfPoint(box.Centroid.X, box.Bottom), new PdfPoint(box.Centroid.X, box.Top));
                    continue;
                }
                PdfPoint? start = null, at = null;
                foreach (var cmd in sub.Commands)
                {
                    switch (cmd)
                    {
                        case PdfSubpath.Move m: start = at = m.Location; break;
                        case PdfSubpath.Line l: Add(l.From, l.To); at = l.To; break;
                        case PdfSubpath.Close when start is { } s && at is { } a: Add(a, s); at = s; break;
                    }
                }
            }
        return (horizontal, vertical);
    }

    /// <summary>Positions within <see cref="LineTolerance"/> of each other are one ruling line.</summary>
    private static List<double> Cluster(IEnumerable<double> values)
    {
        var result = new List<double>();
        foreach (var v in values.OrderBy(v => v))
            if (result.Count == 0 || v - result[^1] > LineTolerance) result.Add(v);
        return result;
    }

    private static bool Covered(List<Segment> segments, double point) =>
        segments.Any(s => s.From - LineTolerance <= point && point <= s.To + LineTolerance);

    /// <summary>The rows of the grid <paramref name="xs"/> × <paramref name="ys"/> (top first), merged cells repeated in each row and column they cover, as Word's reader does.</summary>
    private static List<List<string>> ReadGrid(List<Glyph> glyphs, List<double> xs, List<double> ys, List<Segment> horizontal, List<Segment> vertical)
    {
        int nr = ys.Count - 1, nc = xs.Count - 1;
        // The segments on each boundary, found once.
        var onX = xs.Select(x => vertical.Where(v => Math.Abs(v.At - x) < LineTolerance).ToList()).ToList();
        var onY = ys.Select(y => horizontal.Where(h => Math.Abs(h.At - y) < LineTolerance).ToList()).ToList();
        var parent = Enumerable.Range(0, nr * nc).ToArray();
        int Find(int i) { while (parent[i] != i) i = parent[i] = parent[parent[i]]; return i; }
        void Union(int a, int b) => parent[Find(a)] = Find(b);
        for (var r = 0; r < nr; r++)
            for (var c = 0; c < nc; c++)
            {
                var midY = (ys[r] + ys[r + 1]) / 2;
                var midX = (xs[c] + xs[c + 1]) / 2;
                if (c + 1 < nc && !Covered(onX[c + 1], midY)) Union(r * nc + c, r * nc + c + 1);
                if (r + 1 < nr && !Covered(onY[r + 1], midX)) Union(r * nc + c, (r + 1) * nc + c);
            }
        var byRegion = new Dictionary<int, List<Glyph>>();
        foreach (var g in glyphs)
        {
            var c = xs.FindLastIndex(x => x <= g.CenterX);
            var r = ys.FindLastIndex(y => y >= g.CenterY);
            if (c < 0 || c >= nc || r < 0 || r >= nr) continue;
            var region = Find(r * nc + c);
            if (!byRegion.TryGetValue(region, out var list)) byRegion[region] = list = [];
            list.Add(g);
        }
        var right = new Dictionary<int, double>();
        for (var i = 0; i < nr * nc; i++)
        {
            var root = Find(i);
            right[root] = Math.Max(right.GetValueOrDefault(root), xs[i % nc + 1]);
        }
        var texts = byRegion.ToDictionary(kv => kv.Key, kv => CellText(kv.Value, right[kv.Key]));
        var rows = new List<List<string>>();
        for (var r = 0; r < nr; r++)
            rows.Add(Enumerable.Range(0, nc).Select(c => texts.GetValueOrDefault(Find(r * nc + c)) ?? "").ToList());
        return rows;
    }

    /// <summary>Letters grouped into lines, top first, each line left to right.</summary>
    private static List<List<Glyph>> Lines(List<Glyph> glyphs)
    {
        var lines = new List<List<Glyph>>();
        foreach (var g in glyphs.OrderByDescending(g => g.Baseline).ThenBy(g => g.Left))
        {
            var line = lines.LastOrDefault();
            if (line is not null && Math.Abs(line[0].Baseline - g.Baseline) < line.Max(x => x.Height) * 0.5) line.Add(g);
            else lines.Add([g]);
        }
        foreach (var line in lines) line.Sort((a, b) => a.Left.CompareTo(b.Left));
        return lines.Where(l => l.Any(g => !string.IsNullOrWhiteSpace(g.Value))).ToList();
    }

    private static string LineText(List<Glyph> line) => Regex.Replace(string.Concat(line.Select(g => g.Value)), @"\s+", " ").Trim();

    [GeneratedRegex(@"^([（(]?\d{1,2}[)）]?[\.．、]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+、|第\s*\d+\s*项|目标要求|工作目标|工作任务|责任|牵头|[①-⑳])")]
    private static partial Regex ParagraphStart();

    /// <summary>A cell's lines, with the lines the page wrapped joined again.</summary>
    private static string CellText(List<Glyph> glyphs, double right)
    {
        var sb = new StringBuilder();
        var wrapped = false;
        foreach (var line in Lines(glyphs))
        {
            var text = LineText(line);
            if (text.Length == 0) continue;
            if (sb.Length > 0 && (!wrapped || ParagraphStart().IsMatch(text))) sb.Append('\n');
            sb.Append(text);
            var charWidth = line.Where(g => !string.IsNullOrWhiteSpace(g.Value)).Average(g => Math.Max(g.Right - g.Left, g.Height));
            wrapped = line.Max(g => g.Right) > right - CellPadding - 1.5 * Math.Max(charWidth, 4);
        }
        return sb.ToString();
    }

    /// <summary>Text outside tables as paragraphs: a line that reaches the right margin goes on in the next.</summary>
    private static List<string> Paragraphs(List<Glyph> glyphs, double pageWidth)
    {
        var lines = Lines(glyphs);
        if (lines.Count == 0) return [];
        var margin = lines.Max(l => l.Max(g => g.Right));
        var result = new List<string>();
        var wrapped = false;
        foreach (var line in lines)
        {
            var text = LineText(line);
            if (text.Length == 0) continue;
            if (result.Count > 0 && wrapped && !ParagraphStart().IsMatch(text)) result[^1] += text;
            else result.Add(text);
            var charWidth = line.Where(g => !string.IsNullOrWhiteSpace(g.Value)).Average(g => Math.Max(g.Right - g.Left, g.Height));
            wrapped = line.Max(g => g.Right) > margin - 1.5 * Math.Max(charWidth, 4) && margin < pageWidth;
        }
        return result;
    }
}
