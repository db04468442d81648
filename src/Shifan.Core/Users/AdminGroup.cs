namespace Shifan.Core.Users;

/// <summary>The three administrators of 三员分立 (等保2.0 level 3), in the order messages name them.</summary>
public enum AdminGroup
{
    System,
    Security,
    Audit,
}
