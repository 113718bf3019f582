using Omnichannel.Storage.PostgreSql.Stores;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// The batcher's accounting of sends in flight, without a database: sends of its own are held open by the test, so
/// what waits and what goes together does not depend on timing.
/// </summary>
public sealed class WriteBatcherTests
{
    [Fact]
    public async Task Writes_are_sent_alone_while_a_send_slot_is_free_and_the_next_ones_wait_to_go_together()
    {
        var held = new Dictionary<int, TaskCompletionSource<int>>();
        var batches = new List<int[]>();
        var batcher = new WriteBatcher<int, int>(
            maxBatch: 32,
            maxInFlight: 2,
            sendAlone: (write, _) =>
            {
                var send = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (held)
                {
                    held[write] = send;
                }

                return send.Task;
            },
            sendTogether: writes =>
            {
                lock (batches)
                {
                    batches.Add([.. writes]);
                }

                return Task.FromResult(writes.Select(w => w * 10).ToArray());
            },
            nothingWritten: _ => false);

        var first = batcher.WriteAsync(1, CancellationToken.None);
        var second = batcher.WriteAsync(2, CancellationToken.None);
        var third = batcher.WriteAsync(3, CancellationToken.None);
        var fourth = batcher.WriteAsync(4, CancellationToken.None);

        // Two sends in flight, alone; the two next writes wait.
        lock (held)
        {
            Assert.Equal([1, 2], held.Keys.Order());
        }

        Assert.Equal(2, batcher.Waiting);

        // The first send completes: the waiting writes take over its slot, together.
        held[1].SetResult(100);
        Assert.Equal(100, await first);
        Assert.Equal(30, await third);
        Assert.Equal(40, await fourth);
        Assert.Equal([3, 4], Assert.Single(batches));
        Assert.Equal(0, batcher.Waiting);
        Assert.False(second.IsCompleted);

        // A slot is free again (the batch finished with nobody waiting): the next write goes at once, alone.
        var fifth = batcher.WriteAsync(5, CancellationToken.None);
        lock (held)
        {
            Assert.Contains(5, held.Keys);
        }

        Assert.Equal(0, batcher.Waiting);
        held[2].SetResult(200);
        held[5].SetResult(500);
        Assert.Equal(200, await second);
        Assert.Equal(500, await fifth);
    }
}
