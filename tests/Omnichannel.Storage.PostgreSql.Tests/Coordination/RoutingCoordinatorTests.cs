using System.Collections.Concurrent;
using System.Diagnostics;
using NodaTime;
using Omnichannel.Routing.Coordination;
using Omnichannel.Storage.PostgreSql.Coordination;
using Xunit.Abstractions;

namespace Omnichannel.Storage.PostgreSql.Tests.Coordination;

/// <summary>
/// The PostgreSQL routing coordinator, with one coordinator (and its own connections) per simulated process on one
/// database: leases are exclusive and spread across the live processes, a process whose session ends loses its leases to
/// another, and a wake-up reaches the leaseholder through NOTIFY far sooner than a reconciliation would.
/// </summary>
public sealed class RoutingCoordinatorTests(StorageFixture fixture, ITestOutputHelper output) : IClassFixture<StorageFixture>, IAsyncLifetime
{
    private static readonly Duration Lease = Duration.FromSeconds(6);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DepartmentId[] Departments = [.. Enumerable.Range(1, 4).Select(i => new DepartmentId($"d{i}"))];
    private readonly List<PostgreSqlRoutingCoordinator> _coordinators = [];

    public Task InitializeAsync() => fixture.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var coordinator in _coordinators)
        {
            await coordinator.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_department_is_leased_to_one_process_and_the_leases_spread_across_the_live_processes()
    {
        var (first, second) = (Process(), Process());
        var freed = new ConcurrentQueue<DepartmentId>();
        using var _ = second.Subscribe(freed.Enqueue);
        await second.Listening;

        Assert.Equal(Departments, Held(await first.AcquireAsync(Departments, "first", Lease, None))); // alone: all of them
        Assert.Empty(await second.AcquireAsync(Departments, "second", Lease, None)); // its share is 2, none is free yet
        var kept = Held(await first.AcquireAsync(Departments, "first", Lease, None)); // renewal: gives up its surplus, announced
        await WaitUntilAsync(() => freed.Count == 2);
        var taken = Held(await second.AcquireAsync(Departments, "second", Lease, None));

        Assert.Equal(2, kept.Count);
        Assert.Equal(2, taken.Count);
        Assert.Empty(kept.Intersect(taken));
        Assert.Equal(Departments, kept.Union(taken).Order(Comparer<DepartmentId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value))));
        Assert.Equal(taken.Order(Ordinal), freed.Order(Ordinal));
        Assert.Equal(kept, Held(await first.AcquireAsync(Departments, "first", Lease, None))); // stable once balanced
    }

    [Fact]
    public async Task A_process_whose_lease_session_is_terminated_loses_its_leases_and_another_takes_them_over_at_its_next_renewal()
    {
        var (first, second) = (Process(), Process());
        await first.AcquireAsync(Departments, "first", Lease, None);
        Assert.Empty(await second.AcquireAsync(Departments, "second", Lease, None));

        // With a timeout, pg_terminate_backend returns once the backend has exited and its session locks are released;
        // without one it only sends the signal, and the renewal below could still find the leases held (seen under load).
        await StorageFixture.ExecuteAsync(fixture.ConnectionString, $"SELECT pg_terminate_backend({first.LeaseBackendId}, 10000)");
        var watch = Stopwatch.StartNew();
        var taken = Held(await second.AcquireAsync(Departments, "second", Lease, None));
        output.WriteLine($"takeover after the session ended: {watch.Elapsed.TotalMilliseconds:F1} ms (one renewal)");

        Assert.Equal(Departments, taken); // the only live process now
        var rejoined = Held(await first.AcquireAsync(Departments, "first", Lease, None)); // notices, reconnects, finds nothing free
        Assert.Empty(rejoined);
        var kept = Held(await second.AcquireAsync(Departments, "second", Lease, None)); // two processes again: gives up its surplus
        var back = Held(await first.AcquireAsync(Departments, "first", Lease, None));
        Assert.Equal((2, 2), (kept.Count, back.Count));
        Assert.Empty(kept.Intersect(back));
    }

    [Fact]
    public async Task A_process_that_stops_releases_its_leases_and_the_other_takes_them_at_once()
    {
        var (first, second) = (Process(), Process());
        var woken = new ConcurrentQueue<DepartmentId>();
        using var _ = second.Subscribe(woken.Enqueue);
        await second.Listening;
        foreach (var lease in await first.AcquireAsync(Departments, "first", Lease, None))
        {
            await first.ReleaseAsync(lease, None);
        }

        await WaitUntilAsync(() => woken.Count == Departments.Length);
        Assert.Equal(Departments, Held(await second.AcquireAsync(Departments, "second", Lease, None)));
    }

    [Fact]
    public async Task A_change_made_in_another_process_wakes_the_leaseholder_through_NOTIFY_well_before_a_reconciliation()
    {
        var (holder, other, bystander) = (Process(), Process(), Process());
        await holder.AcquireAsync([Departments[0]], "holder", Lease, None);
        var arrived = new ConcurrentQueue<(DepartmentId Department, long At)>();
        var strays = new ConcurrentQueue<DepartmentId>();
        using var _ = holder.Subscribe(d => arrived.Enqueue((d, Stopwatch.GetTimestamp())));
        using var __ = bystander.Subscribe(strays.Enqueue);
        await holder.Listening;
        await bystander.Listening;

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            other.Wake(Departments[0]);
            await WaitUntilAsync(() => arrived.Count == i + 1);
            latencies.Add(Stopwatch.GetElapsedTime(sent, arrived.Last().At));
        }

        latencies.Sort();
        output.WriteLine($"wake-up latency over 20: median {latencies[10].TotalMilliseconds:F2} ms, max {latencies[^1].TotalMilliseconds:F2} ms");
        Assert.All(arrived, a => Assert.Equal(Departments[0], a.Department));
        Assert.True(latencies[^1] < TimeSpan.FromSeconds(1), $"The slowest wake-up took {latencies[^1]}; the default reconcile interval is 5 s.");
        Assert.Empty(strays); // a change matters to the leaseholder only
    }

    private PostgreSqlRoutingCoordinator Process()
    {
        var coordinator = new PostgreSqlRoutingCoordinator(fixture.OpenAnother(), SystemClock.Instance);
        _coordinators.Add(coordinator);
        return coordinator;
    }

    private static readonly IComparer<DepartmentId> Ordinal = Comparer<DepartmentId>.Create((a, b) => string.CompareOrdinal(a.Value, b.Value));

    private static List<DepartmentId> Held(IReadOnlyList<DepartmentLease> leases) => [.. leases.Select(l => l.DepartmentId).Order(Ordinal)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "Timed out waiting for a notification.");
            await Task.Delay(5);
        }
    }
}
