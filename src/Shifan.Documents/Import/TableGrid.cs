namespace Shifan.Documents.Import;

/// <summary>A table as rows of cell texts, merged cells resolved, with where each row came from.</summary>
public sealed class TableGrid
{
    public required string Location { get; init; }
    public List<GridRow> Rows { get; } = [];
}

public sealed record GridRow(string Location, IReadOnlyList<string> Cells)
{
    /// <summary>The first row of a table going on from the page before (PDF): it may be the rest of a row the page break cut.</summary>
    public bool StartsPage { get; init; }

    /// <summary>
    /// For a row of a PDF table going on from the page before: what goes between each cell's text and the same
    /// cell of the last row of that page, if the page break cut it ("" where the page wrapped a line, "\n" between paragraphs).
    /// </summary>
    public IReadOnlyList<string>? JoinAbove { get; init; }

    /// <summary>
    /// Left by the PDF reader between two lines of a cell where a full line ends before an ordinary character:
    /// the page wrapped a longer text there, or a short paragraph (a name in a narrow column) filled the line
    /// exactly. The importer resolves it by what the column holds.
    /// </summary>
    public const char SoftBreak = '\u2028';

    public string this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : "";
}
