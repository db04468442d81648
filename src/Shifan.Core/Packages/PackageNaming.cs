using System.Text;

namespace Shifan.Core.Packages;

/// <summary>
/// The receiving authority's numbering: one folder per 一级/二级/三级 indicator ("一、…/1.…/3.…"), files
/// named "&lt;indicator code&gt;-&lt;material no&gt;-&lt;title&gt;.&lt;ext&gt;". Names are cut to a length every unzip tool
/// takes and stripped of characters Windows refuses.
/// </summary>
public static class PackageNaming
{
    private const int MaxSegment = 40;

    public static string Folder(string code, string title, string separator) => Clean($"{code}{separator}{title}", MaxSegment);

    public static string FileName(string indicatorCode, int materialNo, string title, string extension)
    {
        var ext = string.IsNullOrEmpty(extension) ? "" : "." + Clean(extension, 10);
        return Clean($"{indicatorCode}-{materialNo}-{title}", MaxSegment + 20) + ext;
    }

    /// <summary>Makes the path unique among <paramref name="taken"/> by adding （2）, （3）… before the extension.</summary>
    public static string Unique(string path, ISet<string> taken)
    {
        if (taken.Add(path)) return path;
        var dot = path.LastIndexOf('.');
        var slash = path.LastIndexOf('/');
        var (stem, ext) = dot > slash ? (path[..dot], path[dot..]) : (path, "");
        for (var i = 2; ; i++)
        {
            var candidate = $"{stem}（{i}）{ext}";
            if (taken.Add(candidate)) return candidate;
        }
    }

    public static string Clean(string text, int max)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            if (c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c)) sb.Append('_');
            else sb.Append(c);
        }
        var s = sb.ToString().Trim().TrimEnd('.', ' ');
        if (s.Length > max) s = s[..max].TrimEnd('.', ' ');
        return s.Length == 0 ? "_" : s;
    }
}
