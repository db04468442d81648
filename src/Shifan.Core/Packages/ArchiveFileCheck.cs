namespace Shifan.Core.Packages;

/// <summary>
/// The four properties archives check for one file of a package (DA/T 70 四性检测): authenticity (真实性: the bytes
/// hash to what the freeze recorded), integrity (完整性: numbering without gaps, metadata complete), usability
/// (可用性: the file is what it says and opened when it was uploaded), security (安全性: not encrypted, no macros,
/// not marked as classified). Each note says what is wrong, in Chinese; empty when the property holds.
/// </summary>
public sealed record ArchiveFileCheck(int No, string Path, string Title,
    string Authenticity, string Integrity, string Usability, string Security)
{
    public bool Authentic => Authenticity.Length == 0;
    public bool Complete => Integrity.Length == 0;
    public bool Usable => Usability.Length == 0;
    public bool Secure => Security.Length == 0;
    public bool Passed => Authentic && Complete && Usable && Secure;
}
