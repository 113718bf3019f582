using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Scheduling;

namespace Omnichannel.Routing.Tests.Scheduling;

/// <summary>Routing's default scheduler is Core's real-time scheduler, shared with Core's timed rules and owned by the container.</summary>
public class DefaultSchedulerTests
{
    [Fact]
    public async Task Routing_and_Core_share_one_real_time_scheduler_that_the_container_disposes()
    {
        var provider = new ServiceCollection().AddOmnichannelRouting().BuildServiceProvider();
        var routing = Assert.IsType<RealTimeScheduler>(provider.GetRequiredService<IScheduler>());
        Assert.Same(routing, provider.GetServices<IWorkScheduler>().Last()); // the one Core's timed rules use
        Assert.False(((IScheduler)routing).IsVirtualTime);
        routing.Schedule(SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(90), _ => ValueTask.CompletedTask);
        Assert.Equal(1, routing.Inner.PendingCount);

        await provider.DisposeAsync();

        Assert.Equal(0, routing.Inner.PendingCount);
        routing.Schedule(SystemClock.Instance.GetCurrentInstant(), _ => ValueTask.CompletedTask);
        Assert.Equal(0, routing.Inner.PendingCount); // refused after disposal: nothing can fire
    }
}
