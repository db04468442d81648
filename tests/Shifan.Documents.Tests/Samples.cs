using Shifan.Documents.Frameworks;
using Shifan.TestSupport;

namespace Shifan.Documents.Tests;

internal static class Samples
{
    public static string SamplePath => Path.Combine(ProjectFixtures.RepositoryRoot, "src", "Shifan", "SampleData", "demo-framework.json");

    public static FrameworkFile Sample()
    {
        using var s = File.OpenRead(SamplePath);
        return FrameworkJson.Read(s);
    }

    /// <summary>What must survive a round trip: the tree with every field users see, not diagnostics or source.</summary>
    public static List<string> Shape(FrameworkFile file) => file.AllNodes().Select(n =>
        $"{n.Kind}|{n.Code}|{n.Title}|{n.Text}|{string.Join(",", n.Methods)}|{n.NotApplicable}|{n.Children.Count}|" +
        string.Join(";", n.Materials.Select(m => $"{m.No}:{m.Text}:{m.Unit}:{m.Since}:{m.MinCount}:{m.MaxCount}:{m.MaxChars}")) + "|" +
        string.Join(",", n.LeadUnits) + "|" + string.Join(",", n.LeadSections) + "|" + string.Join(",", n.ResponsibleUnits) + "|" +
        string.Join(";", n.Contacts.Select(c => $"{c.Unit}:{string.Join(",", c.Phones)}:{string.Join(",", c.Emails)}")) + "|" + n.Explanation).ToList();
}
