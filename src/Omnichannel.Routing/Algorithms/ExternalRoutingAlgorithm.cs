using Microsoft.Extensions.Logging;

namespace Omnichannel.Routing.Algorithms;

/// <summary>
/// Asks an <see cref="IExternalRouter"/> within a timeout; when it times out, fails, answers nothing or answers
/// an agent who is not eligible, the fallback algorithm decides.
/// </summary>
/// <remarks>This type is thread-safe when the external router and the fallback are.</remarks>
public sealed partial class ExternalRoutingAlgorithm : IAsyncRoutingAlgorithm, IRoutingAlgorithm
{
    private readonly IExternalRouter _router;
    private readonly TimeSpan _timeout;
    private readonly IRoutingAlgorithm _fallback;
    private readonly ILogger _logger;

    /// <summary>Creates the algorithm.</summary>
    /// <param name="router">The host's service.</param>
    /// <param name="timeout">How long to wait for it (real time: it is I/O).</param>
    /// <param name="fallback">What decides when it does not.</param>
    /// <param name="logger">Where failures are logged.</param>
    public ExternalRoutingAlgorithm(IExternalRouter router, TimeSpan timeout, IRoutingAlgorithm fallback, ILogger<ExternalRoutingAlgorithm> logger)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(logger);
        CheckTimeout(timeout);
        _router = router;
        _timeout = timeout;
        _fallback = fallback;
        _logger = logger;
    }

    /// <summary>The longest wait for the external router: what a timer can wait (about 24.8 days); anything longer cannot be armed.</summary>
    internal static readonly TimeSpan LongestTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Refuses a timeout that is not positive or longer than <see cref="LongestTimeout"/>, naming it.</summary>
    internal static void CheckTimeout(TimeSpan timeout, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(timeout))] string? parameter = null)
    {
        if (timeout <= TimeSpan.Zero || timeout > LongestTimeout)
        {
            throw new ArgumentOutOfRangeException(parameter, timeout,
                $"The external router's timeout must be positive and at most {LongestTimeout} (the longest a timer can wait); it is {timeout}.");
        }
    }

    /// <inheritdoc />
    public async ValueTask<AgentId?> SelectAgentAsync(RoutingRequest request, IReadOnlyList<AgentId> eligibleAgents, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            return await _router.SelectAgentAsync(request, eligibleAgents, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(_logger, request.ConversationId, _timeout);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(_logger, exception, request.ConversationId);
            return null;
        }
    }

    /// <summary>The fallback's choice (used when the external router gives no eligible agent).</summary>
    /// <param name="request">The conversation to route.</param>
    /// <param name="agents">The eligible agents.</param>
    /// <returns>The fallback's choice.</returns>
    public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents) => _fallback.SelectAgent(request, agents);

    [LoggerMessage(1101, LogLevel.Warning, "The external router did not answer for conversation {ConversationId} within {Timeout}; the fallback algorithm decides.")]
    private static partial void LogTimedOut(ILogger logger, ConversationId conversationId, TimeSpan timeout);

    [LoggerMessage(1102, LogLevel.Warning, "The external router failed for conversation {ConversationId}; the fallback algorithm decides.")]
    private static partial void LogFailed(ILogger logger, Exception exception, ConversationId conversationId);
}
