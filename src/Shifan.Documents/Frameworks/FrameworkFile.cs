using System.Text.Json.Serialization;

namespace Shifan.Documents.Frameworks;

/// <summary>The framework interchange document (schema shifan.framework/1).</summary>
public sealed class FrameworkFile
{
    public const string SchemaName = "shifan.framework/1";
    public string Schema { get; set; } = SchemaName;
    public string Title { get; set; } = "";
    public SourceInfo Source { get; set; } = new();
    public List<NodeDto> Nodes { get; set; } = [];
    public List<Diagnostic> Diagnostics { get; set; } = [];

    public IEnumerable<NodeDto> AllNodes() => Nodes.SelectMany(n => n.SelfAndDescendants());
}

public sealed class SourceInfo
{
    public string FileName { get; set; } = "";
    public string Format { get; set; } = "";
    public string Sha256 { get; set; } = "";
}

public sealed class NodeDto
{
    public string Kind { get; set; } = "indicator";
    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Goal { get; set; }
    public List<string> Methods { get; set; } = [];
    public List<MaterialDto> Materials { get; set; } = [];
    public List<string> LeadUnits { get; set; } = [];
    public List<string> LeadSections { get; set; } = [];
    public List<string> ResponsibleUnits { get; set; } = [];
    public List<ContactDto> Contacts { get; set; } = [];
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Explanation { get; set; }
    public List<TaskDto> Tasks { get; set; } = [];
    public bool NotApplicable { get; set; }
    /// <summary>What the document said instead of the indicator's columns ("本项县区不涉及").</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NotApplicableReason { get; set; }
    /// <summary>分值 or weight among siblings, when the document gives one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Weight { get; set; }
    public List<NodeDto> Children { get; set; } = [];

    public IEnumerable<NodeDto> SelfAndDescendants()
    {
        yield return this;
        foreach (var c in Children)
            foreach (var d in c.SelfAndDescendants())
                yield return d;
    }
}

public sealed class MaterialDto
{
    public int No { get; set; }
    public string Text { get; set; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Unit { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Since { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MinCount { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MaxCount { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? MaxChars { get; set; }
}

public sealed class ContactDto
{
    public string Unit { get; set; } = "";
    public List<string> Phones { get; set; } = [];
    public List<string> Emails { get; set; } = [];
}

public sealed class TaskDto
{
    public string Method { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed class Diagnostic
{
    public string Severity { get; set; } = "info";
    public string Location { get; set; } = "";
    public string Message { get; set; } = "";

    /// <summary>The node the row went into ("indicator:3", "item:3/（1）"), so the preview can offer to correct or skip it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Node { get; set; }

    /// <summary>The text of a row that was dropped, so the preview can offer to add it back.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Row { get; set; }

    /// <summary>The user has dealt with it in the preview (added the row back, or chose to leave it out).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Resolved { get; set; }

    public Diagnostic About(string node)
    {
        Node = node;
        return this;
    }

    public Diagnostic Dropping(string row)
    {
        Row = row;
        return this;
    }

    public static Diagnostic Error(string location, string message) => new() { Severity = "error", Location = location, Message = message };
    public static Diagnostic Warning(string location, string message) => new() { Severity = "warning", Location = location, Message = message };
    public static Diagnostic Info(string location, string message) => new() { Severity = "info", Location = location, Message = message };
}
