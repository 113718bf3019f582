namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>Runs the async API from code that cannot await (worker threads, FsCheck's model-based machine).</summary>
public static class Synchronously
{
    /// <summary>Waits for <paramref name="operation"/>; with the in-memory stores it has already completed.</summary>
    public static T Wait<T>(ValueTask<T> operation) => operation.AsTask().GetAwaiter().GetResult();
}
