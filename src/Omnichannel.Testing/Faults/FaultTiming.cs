namespace Omnichannel.Testing.Faults;

/// <summary>When an injected fault strikes, relative to the real call.</summary>
public enum FaultTiming
{
    /// <summary>Instead of the call: the store is not touched, as when a connection fails before the command is sent.</summary>
    BeforeCall = 0,

    /// <summary>
    /// After the call succeeded: the change is stored but the caller sees the exception, as when a connection
    /// drops before the commit's acknowledgement arrives. Use it to test that retries are harmless.
    /// </summary>
    AfterCall = 1,
}
