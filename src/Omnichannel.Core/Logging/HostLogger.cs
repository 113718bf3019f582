using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Omnichannel.Logging;

/// <summary>
/// The <see cref="ILogger{TCategoryName}"/> that <c>AddOmnichannel</c> registers when the host has registered none:
/// it writes to the host's <see cref="ILoggerFactory"/> when there is one, whether the host called <c>AddLogging</c>
/// before or after <c>AddOmnichannel</c>, and nowhere when the host has no logging. The library never registers an
/// <see cref="ILoggerFactory"/> itself: a <c>NullLoggerFactory</c> registered first would win over the host's
/// <c>AddLogging</c> (which only adds what is missing) and silence every log.
/// </summary>
/// <typeparam name="T">The category, as with <see cref="Logger{T}"/>.</typeparam>
/// <remarks>Thread-safe: it only forwards to the factory's logger.</remarks>
internal sealed class HostLogger<T> : ILogger<T>
{
    private readonly ILogger _logger;

    public HostLogger(IServiceProvider services) =>
        _logger = services.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory ? new Logger<T>(factory) : NullLogger<T>.Instance;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _logger.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _logger.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logger.Log(logLevel, eventId, state, exception, formatter);
}
