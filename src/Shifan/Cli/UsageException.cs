namespace Shifan.Cli;

/// <summary>A command's wrong usage or unreadable input: a Chinese message and exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
