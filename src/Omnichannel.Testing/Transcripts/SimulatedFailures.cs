namespace Omnichannel.Testing.Transcripts;

/// <summary>The failures a fake port is told to simulate: the next N calls, or every call until told to recover.</summary>
internal sealed class SimulatedFailures
{
    private readonly Lock _sync = new();
    private int _remaining;
    private bool _always;
    private string _reason = "simulated failure";

    public void FailNext(int count, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_sync)
        {
            (_remaining, _always, _reason) = (count, false, reason);
        }
    }

    public void FailAlways(string reason)
    {
        lock (_sync)
        {
            (_remaining, _always, _reason) = (0, true, reason);
        }
    }

    public void Recover()
    {
        lock (_sync)
        {
            (_remaining, _always) = (0, false);
        }
    }

    /// <summary>Throws <see cref="IOException"/> when this call must fail, like a server that cannot be reached.</summary>
    public void ThrowIfFailing()
    {
        lock (_sync)
        {
            if (_always)
            {
                throw new IOException(_reason);
            }

            if (_remaining > 0)
            {
                _remaining--;
                throw new IOException(_reason);
            }
        }
    }
}
