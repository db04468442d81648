namespace Shifan.Features.UntrustedFiles;

/// <summary>The worker process could not be started at all: the fault is ours, not the file's, so it is no attempt.</summary>
public sealed class WorkerUnavailableException(string message, Exception inner) : Exception(message, inner);
