using System.Diagnostics;
using Shifan.Documents.Bulletins;
using Shifan.Documents.SelfAssessment;
using Shifan.TestSupport;

/// <summary>
/// The 自评报告 of a campaign (issue 12: 100 indicators in under 5 s): composing the draft from the facts (scorecard,
/// thresholds, ratings, 情况说明, problems) and writing the GB/T 9704 .docx, against a baseline in the same run — writing a
/// 督导通报 with a 30-unit ranking, the smallest official document the app produces with the same writer techniques.
///   dotnet run -c Release --project bench/Shifan.Bench -- report [INDICATORS] [RUNS]
/// </summary>
public static class SelfAssessmentReportBench
{
    public static int Run(string[] args)
    {
        var indicators = args.Length > 0 ? int.Parse(args[0]) : 100;
        var runs = args.Length > 1 ? int.Parse(args[1]) : 20;
        var facts = SelfAssessmentSamples.Facts(indicators);
        var bulletin = new BulletinDocument("某县法治政府建设示范创建工作领导小组办公室", "创建办通报〔2026〕3号", "关于2026年11月法治政府建设示范创建工作推进情况的通报", "各成员单位：",
            [new BulletinSection("一、总体情况", ["截至2026年12月2日，共93项指标，其中材料全部审核通过12项。"]), new BulletinSection("二、排名情况", ["各单位得分及排名如下："])],
            ["名次", "单位", "得分", "完成率", "本期台账"],
            Enumerable.Range(1, 30).Select(i => (IReadOnlyList<string>)[i.ToString(), $"第{i}科室", (100 - i * 2.5).ToString("0.0"), $"{100 - i * 3}%", "已提交"]).ToList(),
            1, "某县法治政府建设示范创建工作领导小组办公室", "2026年12月2日", "领导小组各成员", "某县法治政府建设示范创建工作领导小组办公室", "2026年12月2日");

        long size = 0;
        int chars = 0;
        var report = Measure(() =>
        {
            var document = SelfAssessmentComposer.Compose(facts);
            using var ms = new MemoryStream();
            SelfAssessmentDocxWriter.Write(document, ms);
            size = ms.Length;
            chars = document.Sections.Sum(s => s.Body.Length);
        }, runs);
        var compose = Measure(() => GC.KeepAlive(SelfAssessmentComposer.Compose(facts)), runs);
        var baseline = Measure(() =>
        {
            using var ms = new MemoryStream();
            BulletinDocxWriter.Write(bulletin, ms);
        }, runs);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"自评报告: {indicators} indicators, {facts.Problems.Count} problems, {facts.Explanations.Count} 情况说明, {chars} characters of text, .docx {size / 1024} KiB");
        Console.WriteLine("| step | median ms | p95 ms | baseline (督导通报 .docx) median ms | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine($"| compose draft text | {compose.Median:F1} | {compose.P95:F1} | {baseline.Median:F1} | {compose.Median / baseline.Median:F1}× |");
        Console.WriteLine($"| compose + write .docx | {report.Median:F1} | {report.P95:F1} | {baseline.Median:F1} | {report.Median / baseline.Median:F1}× |");
        return report.P95 < 5000 ? 0 : 1;
    }

    private static (double Median, double P95) Measure(Action action, int runs, int warmup = 3)
    {
        for (var i = 0; i < warmup; i++) action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[runs / 2], times[(int)Math.Ceiling(runs * 0.95) - 1]);
    }
}
