using System.Text.Json;
using Shifan.Documents.Frameworks;
using Shifan.Documents.Import;
using Shifan.Documents.Packages;

namespace Shifan.Features.UntrustedFiles;

/// <summary>
/// The child side of <see cref="UntrustedFileWorker"/>: `shifan worker extract-text FILE TYPE` and
/// `shifan worker read-framework FILE NAME` parse one file, `shifan worker merge-pdf JOB.json` merges one
/// indicator's files into a PDF (<see cref="PdfMergeJob"/>), and each writes a <see cref="WorkerReply"/> to
/// standard output. Internal: not listed in the help, started only by the server.
/// </summary>
public static class WorkerCommand
{
    public const string Verb = "worker";
    public const int ExitOutOfMemory = 3;
    public const int ExitUsage = 2;

    public static bool IsWorker(string[] args) => args.Length > 0 && args[0] == Verb;

    public static int Run(string[] args, Stream stdout)
    {
        WorkerReply reply;
        try
        {
            reply = args switch
            {
                [_, "extract-text", var path, var type] => new WorkerReply { Text = TextExtractor.Extract(path, type) },
                [_, "read-framework", var path, var name] => new WorkerReply { Framework = ReadFramework(path, name) },
                [_, "merge-pdf", var job] => new WorkerReply { Merge = MergePdf(job) },
                _ => throw new ArgumentException("usage: shifan worker extract-text FILE TYPE | read-framework FILE NAME | merge-pdf JOB.json"),
            };
        }
        catch (DocumentReadException ex)
        {
            reply = new WorkerReply { Refusal = ex.Message };
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return ExitUsage;
        }
        catch (OutOfMemoryException)
        {
            // The heap ceiling the server set for this process was reached.
            return ExitOutOfMemory;
        }
        JsonSerializer.Serialize(stdout, reply, FrameworkJson.Options);
        stdout.Flush();
        return 0;
    }

    private static PdfMergeResult MergePdf(string jobPath)
    {
        var job = JsonSerializer.Deserialize<PdfMergeJob>(File.ReadAllText(jobPath), FrameworkJson.Options)
            ?? throw new ArgumentException("empty merge job");
        return IndicatorPdfMerger.Merge(job);
    }

    private static FrameworkFile ReadFramework(string path, string name)
    {
        var limits = ReadLimits.Default;
        var info = new FileInfo(path);
        if (info.Exists && info.Length > limits.MaxFileBytes) throw new DocumentReadException($"文件超过大小上限（{limits.MaxFileBytes / 1024 / 1024} MB）");
        return FrameworkReader.Read(File.ReadAllBytes(path), name, limits);
    }
}
