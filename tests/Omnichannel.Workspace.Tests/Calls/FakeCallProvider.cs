using System.Collections.Concurrent;
using Omnichannel.Workspace.Calls;

namespace Omnichannel.Workspace.Tests.Calls;

/// <summary>A call app that records what it is asked; optionally holds every start until <see cref="StartGate"/> opens.</summary>
public sealed class FakeCallProvider : ICallProvider
{
    private int _next;

    public string Name => "fake-meet";

    public ConcurrentQueue<CallRequest> Started { get; } = new();

    public ConcurrentQueue<string> Ended { get; } = new();

    /// <summary>When set, every start waits for it, so concurrent starts all pass their checks before any is stored.</summary>
    public Task? StartGate { get; set; }

    /// <summary>When set, starting a call throws it (the call app is down).</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, ending a call throws it (the call app is down); the end is not recorded in <see cref="Ended"/>.</summary>
    public Exception? EndFailure { get; set; }

    /// <summary>When set, starting a call answers this instead of a new call (a call app answering nonsense).</summary>
    public Func<CallStart?>? StartAnswer { get; set; }

    public async ValueTask<CallStart> StartCallAsync(CallRequest request, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        if (StartAnswer is not null)
        {
            return StartAnswer()!;
        }

        Started.Enqueue(request);
        var id = $"room-{Interlocked.Increment(ref _next)}";
        if (StartGate is not null)
        {
            await StartGate;
        }

        return new CallStart(id, new Uri($"https://meet.example.com/{id}?role=agent")) { ContactJoinUrl = new Uri($"https://meet.example.com/{id}") };
    }

    public ValueTask EndCallAsync(string callId, CancellationToken cancellationToken)
    {
        if (EndFailure is not null)
        {
            throw EndFailure;
        }

        Ended.Enqueue(callId);
        return ValueTask.CompletedTask;
    }
}
