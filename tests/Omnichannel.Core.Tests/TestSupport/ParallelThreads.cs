namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>Runs a body on dedicated threads (not the thread pool, whose slow growth would serialize blocking threads).</summary>
public static class ParallelThreads
{
    public static void Run(int count, Action<int> body)
    {
        var failures = new Exception?[count];
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                body(i);
            }
            catch (Exception exception)
            {
                failures[i] = exception;
            }
        })
        { IsBackground = true, Name = $"worker-{i}" }).ToList();
        threads.ForEach(t => t.Start());
        foreach (var thread in threads)
        {
            Assert.True(thread.Join(TimeSpan.FromMinutes(2)), $"{thread.Name} did not finish.");
        }

        var failed = failures.OfType<Exception>().ToList();
        if (failed.Count > 0)
        {
            throw new AggregateException(failed);
        }
    }
}
