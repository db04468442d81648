namespace Shifan.Features.UntrustedFiles;

/// <summary>How one worker process ended: its reply, or why there is none (<see cref="Reason"/> in Chinese for the office, <see cref="Detail"/> in English for the log).</summary>
public sealed record WorkerRun(WorkerOutcome Outcome, WorkerReply? Reply, string Detail, TimeSpan Elapsed)
{
    public string Reason(WorkerLimits limits) => Outcome switch
    {
        WorkerOutcome.Replied => Reply?.Refusal ?? "",
        WorkerOutcome.TimedOut => $"解析文件超过 {limits.TimeLimit.TotalSeconds:0.#} 秒的时间上限，处理进程已被终止",
        WorkerOutcome.OutOfMemory => $"解析文件所需内存超过 {limits.MemoryMB} MB 的上限，处理进程已被终止",
        WorkerOutcome.OutputTooLarge => "解析结果超过大小上限，处理进程已被终止",
        _ => "解析文件时处理进程异常退出（文件可能已损坏或经过恶意构造）",
    };
}
