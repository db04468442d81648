namespace Shifan.Documents.Import;

/// <summary>A table as rows of cell texts, merged cells resolved, with where each row came from.</summary>
public sealed class TableGrid
{
    public required string Location { get; init; }
    public List<GridRow> Rows { get; } = [];
}

public sealed record GridRow(string Location, IReadOnlyList<string> Cells)
{
    public string this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : "";
}
