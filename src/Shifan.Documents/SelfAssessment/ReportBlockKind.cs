namespace Shifan.Documents.SelfAssessment;

/// <summary>The kinds of line a report body holds, each with its GB/T 9704 face.</summary>
public enum ReportBlockKind
{
    /// <summary>Body text, 3号 仿宋, first line indented two characters.</summary>
    Paragraph,
    /// <summary>"（一）…", 3号 楷体.</summary>
    Subheading,
    /// <summary>"1. …", 3号 仿宋 bold (the third heading level of official documents).</summary>
    Item,
    /// <summary>Rows of "|"-separated cells; the first row is the header.</summary>
    Table,
}
