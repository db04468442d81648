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

    public string this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : "";
}
