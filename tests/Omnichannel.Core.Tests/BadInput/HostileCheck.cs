using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>Runs one hostile call against a fresh world and judges the outcome.</summary>
public static class HostileCheck
{
    /// <param name="call">The generated call.</param>
    /// <param name="extra">More services for the world (transcripts).</param>
    /// <param name="readBack">More ways to read the stored data back (render transcripts, run the delivery worker).</param>
    /// <param name="stores">The stores to run on (SQLite, PostgreSQL); in memory when null.</param>
    public static async Task<bool> RunAsync(HostileCall call, Action<IServiceCollection>? extra = null, Func<HostileWorld, Task>? readBack = null, Func<NodaTime.IClock, Task<HostileStores>>? stores = null)
    {
        using var world = await HostileWorld.CreateAsync(extra, stores);
        var before = await world.SnapshotAsync();
        bool refused;
        try
        {
            var outcome = await call.Invoke(world);
            refused = outcome is OperationResult { Succeeded: false };
        }
        catch (ArgumentException)
        {
            refused = true;
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException($"{call} threw {exception.GetType().Name} instead of answering with a result or an ArgumentException: {exception.Message}", exception);
        }

        if (refused || call.ReadOnly)
        {
            var after = await world.SnapshotAsync();
            if (after != before)
            {
                throw new InvalidOperationException($"{call} {(refused ? "was refused" : "is a read")} but changed the stores.\nBefore:\n{before}\nAfter:\n{after}");
            }
        }

        try
        {
            await world.ReadEverythingBackAsync();
            if (readBack is not null)
            {
                await readBack(world);
            }
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException($"After {call}, reading the stored data back threw {exception.GetType().Name}: {exception.Message}", exception);
        }

        return true;
    }
}
