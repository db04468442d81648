using System.Net.Http.Headers;
using System.Text;

namespace Shifan.Web.Tests;

/// <summary>What the evidence API tests post: a minimal PDF, the multipart form of an upload, its address.</summary>
internal static class Uploads
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    public static MultipartFormDataContent Form(byte[] bytes, string fileName, params (string Key, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        foreach (var (k, v) in fields) content.Add(new StringContent(v), k);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        return content;
    }

    /// <summary>The upload address of a material requirement (indicator 1, material 1 is led by 行政审批科 in the demo).</summary>
    public static string Url(int campaign, string code = "1", int no = 1) => $"/api/campaigns/{campaign}/indicators/{code}/materials/{no}/evidence";
}
