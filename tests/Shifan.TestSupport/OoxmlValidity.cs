using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Shifan.TestSupport;

/// <summary>
/// A generated .docx or .xlsx is valid against the Office Open XML schema (elements in their order, known attributes):
/// what Word, Excel and WPS check before they offer to "repair" a file. LibreOffice opens invalid files silently, so
/// rendering alone does not show it.
/// </summary>
public static class OoxmlValidity
{
    public static void AssertValid(string path)
    {
        using OpenXmlPackage package = Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? SpreadsheetDocument.Open(path, false)
            : WordprocessingDocument.Open(path, false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(package)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, $"{Path.GetFileName(path)}: {errors.Count} schema errors\n" + string.Join("\n", errors.Select(e => System.Text.RegularExpressions.Regex.Replace(e, @"\[\d+\]", "")).Distinct().Take(30)));
    }
}
