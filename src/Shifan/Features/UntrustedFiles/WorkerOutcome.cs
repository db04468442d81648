namespace Shifan.Features.UntrustedFiles;

/// <summary>How a worker process ended; only <see cref="Replied"/> carries a <see cref="WorkerReply"/>.</summary>
public enum WorkerOutcome { Replied, Crashed, TimedOut, OutOfMemory, OutputTooLarge }
