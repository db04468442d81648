namespace Shifan.Core.Frameworks;

/// <summary>Why a node of a new framework version was taken for the continuation of an old one.</summary>
public enum MatchBasis
{
    /// <summary>Same kind, title and text, wherever it now stands and whatever its number.</summary>
    SameContent,

    /// <summary>Same number and a similar text: edited in place.</summary>
    SameCodeSimilarText,

    /// <summary>A similar text under another number: renumbered or moved, and edited.</summary>
    SimilarText,
}

/// <summary>One old node and its continuation, with how sure the match is (text similarity, 0–1).</summary>
public sealed record NodeMatch(FrameworkNode Old, FrameworkNode New, MatchBasis Basis, double Similarity)
{
    /// <summary>The basis in the words the office reads.</summary>
    public string Reason => Basis switch
    {
        MatchBasis.SameContent => Old.Code == New.Code ? "内容相同" : "内容相同，编号或位置变化",
        MatchBasis.SameCodeSimilarText => "编号相同，内容相近",
        _ => "内容相近，编号或位置变化",
    };
}
