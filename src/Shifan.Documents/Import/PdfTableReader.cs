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

    private sealed record Glyph(string Value, double Left, double Right, double Bottom, double Top, double Baseline, double Size, double Start, double End)
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
            CellText[]? lastRow = null;
            // The lines outside tables, page by page: made into paragraphs once the margin of the whole document is known.
            var outside = new List<(List<Line> Lines, double PageWidth, int Page)>();
            var width = -1;
            for (var n = 1; n <= pages; n++)
            {
                if (DateTime.UtcNow - started > limits.MaxTime) throw new DocumentReadException("读取文件超时");
                var page = doc.GetPage(n);
                var glyphs = page.Letters.Where(l => l.Value.Length > 0)
                    .Select(l => new Glyph(PdfCharacters.Unify(l.Value), l.BoundingBox.Left, l.BoundingBox.Right, l.BoundingBox.Bottom, l.BoundingBox.Top, l.StartBaseLine.Y, l.PointSize,
                        l.StartBaseLine.X, Math.Max(l.EndBaseLine.X, l.BoundingBox.Right)))
                    .ToList();
                letters += glyphs.Count(g => !string.IsNullOrWhiteSpace(g.Value));
                var (horizontal, vertical) = Rulings(page);
                var xs = Cluster(vertical.Select(v => v.At));
                var ys = Cluster(horizontal.Select(h => h.At));
                if (xs.Count < 2 || ys.Count < 2)
                {
                    outside.Add((Lines(glyphs), page.Width, n));
                    grid = null;
                    continue;
                }
                ys.Reverse();
                var inside = glyphs.Where(g => g.CenterX > xs[0] && g.CenterX < xs[^1] && g.CenterY < ys[0] && g.CenterY > ys[^1]).ToList();
                outside.Add((Lines(glyphs.Where(g => g.CenterY >= ys[0]).ToList()), page.Width, n));
                var rows = ReadGrid(inside, xs, ys, horizontal, vertical);
                // A table that goes on from the page before keeps its grid width.
                if (grid is null || rows.FirstOrDefault()?.Length != width)
                {
                    grid = new TableGrid { Location = $"第{n}页表格" };
                    content.Tables.Add(grid);
                    width = rows.FirstOrDefault()?.Length ?? -1;
                    lastRow = null;
                }
                var continued = grid.Rows.Count > 0;
                var above = lastRow;
                for (var r = 0; r < rows.Count; r++)
                    if (rows[r].Any(c => c.Text.Length > 0))
                    {
                        if (grid.Rows.Count >= limits.MaxRows) throw new DocumentReadException($"表格行数超过上限（{limits.MaxRows}行）");
                        var row = rows[r];
                        grid.Rows.Add(new GridRow($"第{n}页 第{r + 1}行", row.Select(c => c.Text).ToList())
                        {
                            StartsPage = continued,
                            // How each cell would go on from the last row of the page before, if the page break cut that row.
                            JoinAbove = above is null ? null : row.Select((c, i) => c.First is null || above[i].Text.Length == 0 ? "" : Separator(above[i].Text, above[i].LastGap, c.First, c.Edge, c.Second, soft: true)).ToList(),
                        });
                        continued = false;
                        lastRow = row;
                    }
                outside.Add((Lines(glyphs.Where(g => g.CenterY <= ys[^1]).ToList()), page.Width, n));
            }
            content.Paragraphs.AddRange(Paragraphs(WithoutPageFurniture(outside, pages)));
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
                var bounds = sub.GetBoundingRectangle();
                if (!path.IsStroked && !(bounds is { } thin && (thin.Height < LineTolerance || thin.Width < LineTolerance))) continue;
                if (bounds is { } box && (box.Height < LineTolerance || box.Width < LineTolerance))
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

    /// <summary>A cell's text, with what a row cut by a page break needs to join its two parts: how much room its last line left, and its first line.</summary>
    private sealed record CellText(string Text, double LastGap, Line? First, Line? Second, double Edge);

    /// <summary>One line of letters, left to right, without the spaces at its ends.</summary>
    private sealed class Line(List<Glyph> glyphs)
    {
        public List<Glyph> Glyphs { get; } = glyphs;
        /// <summary>Where the pen started the first letter (its origin, not its ink).</summary>
        public double Left => Glyphs[0].Start;
        /// <summary>Where the pen stopped after the last letter (its advance, not its ink).</summary>
        public double End => Glyphs[^1].End;
        public string Text { get; } = LineText(glyphs);
    }

    /// <summary>The rows of the grid <paramref name="xs"/> × <paramref name="ys"/> (top first), merged cells repeated in each row and column they cover, as Word's reader does.</summary>
    private static List<CellText[]> ReadGrid(List<Glyph> glyphs, List<double> xs, List<double> ys, List<Segment> horizontal, List<Segment> vertical)
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
        // Each region (a cell, merged cells as one) is known by the index of its root in the grid.
        var byRegion = new List<Glyph>?[nr * nc];
        foreach (var g in glyphs)
        {
            var c = LastAtOrBelow(xs, g.CenterX);
            var r = LastAtOrAbove(ys, g.CenterY);
            if (c < 0 || c >= nc || r < 0 || r >= nr) continue;
            (byRegion[Find(r * nc + c)] ??= []).Add(g);
        }
        var left = new int[nr * nc];
        var right = new int[nr * nc];
        Array.Fill(left, nc);
        for (var i = 0; i < nr * nc; i++)
        {
            var root = Find(i);
            right[root] = Math.Max(right[root], i % nc + 1);
            left[root] = Math.Min(left[root], i % nc);
        }
        var lines = new List<Line>?[nr * nc];
        for (var i = 0; i < lines.Length; i++)
            if (byRegion[i] is { } list) lines[i] = Lines(list);
        // Where lines stop in each cell: the text may reach the right border less its padding, which is the
        // padding seen on the left (Word's cells have the same on both sides); a column whose lines go further
        // shows its own edge (never past the border: a word too long for the cell runs over it).
        var padding = CellPadding;
        for (var i = 0; i < lines.Length; i++)
            foreach (var line in lines[i] ?? [])
                padding = Math.Min(padding, Math.Max(0, line.Left - xs[left[i]]));
        var edge = new double[nc + 1];
        for (var b = 1; b <= nc; b++) edge[b] = xs[b] - padding;
        for (var i = 0; i < lines.Length; i++)
            foreach (var line in lines[i] ?? [])
                edge[right[i]] = Math.Max(edge[right[i]], Math.Min(line.End, xs[right[i]]));
        var texts = new CellText?[nr * nc];
        for (var i = 0; i < lines.Length; i++)
            if (lines[i] is { } ls) texts[i] = Join(ls, edge[right[i]]);
        var rows = new List<CellText[]>();
        var empty = new CellText("", double.PositiveInfinity, null, null, 0);
        for (var r = 0; r < nr; r++)
        {
            var row = new CellText[nc];
            for (var c = 0; c < nc; c++) row[c] = texts[Find(r * nc + c)] ?? empty;
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The index of the last of the ascending <paramref name="xs"/> at or left of <paramref name="x"/>, or -1.</summary>
    private static int LastAtOrBelow(List<double> xs, double x)
    {
        var i = xs.BinarySearch(x);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>The index of the last of the descending <paramref name="ys"/> at or above <paramref name="y"/>, or -1.</summary>
    private static int LastAtOrAbove(List<double> ys, double y)
    {
        int lo = 0, hi = ys.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (ys[mid] >= y) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>Letters grouped into lines, top first, each line left to right.</summary>
    private static List<Line> Lines(List<Glyph> glyphs)
    {
        var groups = new List<List<Glyph>>();
        var heights = new List<double>();
        glyphs.Sort((a, b) => a.Baseline != b.Baseline ? b.Baseline.CompareTo(a.Baseline) : a.Left.CompareTo(b.Left));
        foreach (var g in glyphs)
        {
            if (groups.Count > 0 && Math.Abs(groups[^1][0].Baseline - g.Baseline) < heights[^1] * 0.5)
            {
                groups[^1].Add(g);
                heights[^1] = Math.Max(heights[^1], g.Height);
            }
            else
            {
                groups.Add([g]);
                heights.Add(g.Height);
            }
        }
        var lines = new List<Line>(groups.Count);
        foreach (var group in groups)
        {
            group.Sort((a, b) => a.Left.CompareTo(b.Left));
            int from = 0, to = group.Count;
            while (from < to && string.IsNullOrWhiteSpace(group[from].Value)) from++;
            while (to > from && string.IsNullOrWhiteSpace(group[to - 1].Value)) to--;
            if (to > from) lines.Add(new Line(from == 0 && to == group.Count ? group : group.GetRange(from, to - from)));
        }
        return lines;
    }

    /// <summary>A line's letters, each run of white space as one space.</summary>
    private static string LineText(List<Glyph> line)
    {
        var sb = new StringBuilder(line.Count);
        var space = false;
        foreach (var g in line)
            foreach (var ch in g.Value)
            {
                if (char.IsWhiteSpace(ch)) { space = sb.Length > 0; continue; }
                if (space) sb.Append(' ');
                space = false;
                sb.Append(ch);
            }
        return sb.ToString();
    }

    /// <summary>A numbered item or a labelled paragraph ("3.com" is the end of an address, not item 3).</summary>
    [GeneratedRegex(@"^([（(]?\d{1,2}[)）]?[\.．、](?![A-Za-z])|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+、|第\s*\d+\s*项|(?:目标要求|工作目标|工作任务)\s*(?:[：:]|$)|(?:责任|牵头)(?:单位|科室)?[：:]|[①-⑳])")]
    private static partial Regex ParagraphStart();

    private const string Closing = "，。、；：？！）》」』】〕〉…,.;:?!)]}%";
    private const string Opening = "（《「『【〔〈([{";
    /// <summary>Quotation marks stick to the letters on both sides (no line break before or after them).</summary>
    private const string Quotes = "“”‘’\"'";
    /// <summary>Signs that stick to what follows them ("+监管", "￥100").</summary>
    private const string Prefixes = "+＋$￥¥#№";

    private static bool IsCjk(string s) => s.Length > 0 && s[0] >= 0x2E80 && !Quotes.Contains(s[0]);

    private static bool IsWordLetter(string s) => !IsCjk(s) && !string.IsNullOrWhiteSpace(s) && !Closing.Contains(s) && !Opening.Contains(s) && !Quotes.Contains(s);

    /// <summary>
    /// The width of what the next line starts with that a line break cannot split: a Chinese character with
    /// the punctuation that may not begin a line, quotation marks and the letters they touch, and any opening
    /// mark before it; or a word of letters and digits. A word too long for a line is set on a line of its own
    /// and split where that line ends, so only its first letter counts.
    /// </summary>
    private static double FirstUnit(Line line, double edge, Line? after)
    {
        var gs = line.Glyphs;
        var i = 0;
        while (i < gs.Count - 1 && (Opening.Contains(gs[i].Value) || Quotes.Contains(gs[i].Value))) i++;
        if (IsWordLetter(gs[i].Value))
        {
            var j = i;
            while (j + 1 < gs.Count && IsWordLetter(gs[j + 1].Value)) j++;
            // A word filling the whole line that goes on in the line after was too long for any line.
            // (The last line of a cell on a page goes on, if at all, on the next page.)
            var continues = i == 0 && j == gs.Count - 1 && (after is null || IsWordLetter(after.Glyphs[0].Value))
                && edge - gs[j].End < (after is null ? gs[j].Size : after.Glyphs[0].End - after.Glyphs[0].Start);
            if (!continues)
            {
                i = j;
                // Digits are not parted from the character after them ("30日", "80%以上").
                while (i + 1 < gs.Count && gs[i + 1].Value is "%" or "％" or "‰") i++;
                if ((char.IsAsciiDigit(gs[i].Value[0]) || gs[i].Value is "%" or "％" or "‰") && i + 1 < gs.Count && IsCjk(gs[i + 1].Value)) i++;
            }
        }
        while (i + 1 < gs.Count && (Closing.Contains(gs[i + 1].Value) || Quotes.Contains(gs[i + 1].Value) || Quotes.Contains(gs[i].Value) || Prefixes.Contains(gs[i].Value))) i++;
        // Letters set right after a Chinese full stop or comma, without a space ("安全。jw…@163.com"), are not parted from it.
        if (IsCjk(gs[i].Value) && Closing.Contains(gs[i].Value))
            while (i + 1 < gs.Count && IsWordLetter(gs[i + 1].Value)) i++;
        var width = gs[i].End - gs[0].Start;
        // A unit that fills its whole line and sticks to the line after ("（" / "1000字", "30" / "日；") was too long for
        // any line and split by force: the line before could not take it whole.
        if (i == gs.Count - 1 && after is not null && GluesTo(gs[i].Value, after.Glyphs[0].Value))
            width += FirstUnit(after, edge, null);
        return width;
    }

    /// <summary>Whether the page broke the text after a line that left <paramref name="gap"/> free: the next line's first unit would not have fitted.</summary>
    private static bool Wrapped(double gap, Line next, double edge, Line? after) => FirstUnit(next, edge, after) > gap - 0.05;

    /// <summary>What goes between two lines: nothing when the page wrapped them, a line break between paragraphs.</summary>
    private static string Separator(string before, double gap, Line next, double edge, Line? after, bool soft)
    {
        // A number is not parted from the Chinese character after it: a line break there was forced by a line too short for both.
        var numberSplit = char.IsAsciiDigit(before[^1]) && IsCjk(next.Text) && !Closing.Contains(next.Text[0]);
        if (!Wrapped(gap, next, edge, after) && !numberSplit) return "\n";
        // A number the line end split ("202" / "1、2022年") is not an item number.
        if (ParagraphStart().IsMatch(next.Text) && !(char.IsAsciiDigit(before[^1]) && char.IsAsciiDigit(next.Text[0]))) return "\n";
        // A full line ending before a plain character may also be a short paragraph that filled the line
        // exactly (a name in a narrow column): the importer decides by the column's meaning.
        return soft && IsPlain(before[^1]) && IsPlain(next.Text[0]) && FirstUnit(next, edge, after) <= next.Glyphs[0].End - next.Glyphs[0].Start + 0.01
            ? GridRow.SoftBreak.ToString() : "";
    }

    private static bool GluesTo(string a, string b) =>
        Opening.Contains(a) || Quotes.Contains(a) || Prefixes.Contains(a) || Closing.Contains(b) || Quotes.Contains(b)
        || char.IsAsciiDigit(a[0]) && IsCjk(b);

    private static bool IsPlain(char c) => c >= 0x2E80 && !Closing.Contains(c) && !Opening.Contains(c) && !Quotes.Contains(c);

    /// <summary>A cell's lines, with the lines the page wrapped joined again.</summary>
    private static CellText Join(List<Line> lines, double edge)
    {
        if (lines.Count == 0) return new CellText("", double.PositiveInfinity, null, null, edge);
        var sb = new StringBuilder(lines[0].Text);
        for (var i = 1; i < lines.Count; i++)
        {
            sb.Append(Separator(lines[i - 1].Text, edge - lines[i - 1].End, lines[i], edge, i + 1 < lines.Count ? lines[i + 1] : null, soft: true));
            sb.Append(lines[i].Text);
        }
        return new CellText(sb.ToString(), edge - lines[^1].End, lines[0], lines.Count > 1 ? lines[1] : null, edge);
    }

    /// <summary>
    /// The text outside tables without what the page itself prints on every page — a running header or footer (a
    /// browser prints the date, the document's title, its address and "2/27"; an office writes the issuing body) and
    /// page numbers ("— 2 —", "第2页 共27页", "2/27"). A page's first and last two lines are looked at: one whose text,
    /// digits aside, stands at the same height on at least half the pages (two at least) is the page's, as is a line
    /// that is only a page number. Left in, these lines would land inside the paragraph a page break cuts, and the
    /// longest of them would set the right margin the line breaks are judged by.
    /// </summary>
    private static List<(List<Line> Lines, double PageWidth, int Page)> WithoutPageFurniture(List<(List<Line> Lines, double PageWidth, int Page)> blocks, int pages)
    {
        var candidates = new List<(Line Line, int Page, string Key)>();
        foreach (var page in blocks.GroupBy(b => b.Page))
        {
            var lines = page.SelectMany(b => b.Lines).ToList();
            var ends = lines.Take(2).Concat(lines.Skip(Math.Max(2, lines.Count - 2))).Distinct();
            candidates.AddRange(ends.Select(l => (l, page.Key, FurnitureKey(l.Text))));
        }
        var needed = Math.Max(2, (pages + 1) / 2);
        var furniture = new HashSet<Line>();
        foreach (var same in candidates.GroupBy(c => c.Key))
        {
            // The same text at the same height: grouped by baseline within the line tolerance.
            foreach (var c in same)
            {
                var at = same.Where(o => Math.Abs(o.Line.Glyphs[0].Baseline - c.Line.Glyphs[0].Baseline) < LineTolerance).Select(o => o.Page).Distinct().Count();
                if (at >= needed) furniture.Add(c.Line);
            }
        }
        foreach (var c in candidates)
            if (PageNumber().IsMatch(c.Line.Text)) furniture.Add(c.Line);
        return furniture.Count == 0 ? blocks : blocks.Select(b => (b.Lines.Where(l => !furniture.Contains(l)).ToList(), b.PageWidth, b.Page)).ToList();
    }

    /// <summary>A line's text with every run of digits as one "#" and no spaces: "2/27" and "3/27" are the same footer.</summary>
    private static string FurnitureKey(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch)) continue;
            if (char.IsAsciiDigit(ch)) { if (sb.Length == 0 || sb[^1] != '#') sb.Append('#'); continue; }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>A line that is only a page number: "2", "- 2 -", "— 2 —", "第2页", "第2页 共27页", "2/27", "Page 2 of 27".</summary>
    [GeneratedRegex(@"^\s*(?:[-—–－~～]?\s*\d{1,4}\s*[-—–－~～]?|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?)\s*$")]
    private static partial Regex PageNumber();

    /// <summary>
    /// Text outside tables as paragraphs: a line is joined to the one before (on the same page or the page before)
    /// when the page wrapped it there (see <see cref="Separator"/>); the right margin is the furthest any line reaches.
    /// </summary>
    private static List<string> Paragraphs(List<(List<Line> Lines, double PageWidth, int Page)> blocks)
    {
        var result = new List<string>();
        var all = blocks.SelectMany(b => b.Lines.Select(l => (Line: l, b.PageWidth))).ToList();
        if (all.Count == 0) return result;
        var margin = all.Max(l => l.Line.End);
        for (var i = 0; i < all.Count; i++)
        {
            var (line, pageWidth) = all[i];
            if (i > 0 && margin < pageWidth
                && Separator(all[i - 1].Line.Text, margin - all[i - 1].Line.End, line, margin, i + 1 < all.Count ? all[i + 1].Line : null, soft: false).Length == 0)
                result[^1] += line.Text;
            else result.Add(line.Text);
        }
        return result;
    }
}
