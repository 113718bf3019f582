using Omnichannel.Capacity;
using Omnichannel.Storage;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// Starts many calls at the same moment, to make races likely, and collects how each ended. A conflict or a
/// refused claim is an outcome; any other exception fails the test.
/// </summary>
internal static class Concurrently
{
    public static async Task<Outcome<T>[]> RunAsync<T>(int count, Func<int, ValueTask<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task.ConfigureAwait(false);
            try
            {
                return new Outcome<T>(await call(i).ConfigureAwait(false), null);
            }
            catch (Exception exception) when (exception is ConcurrencyConflictException or CapacityExceededException)
            {
                return new Outcome<T>(default, exception);
            }
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
