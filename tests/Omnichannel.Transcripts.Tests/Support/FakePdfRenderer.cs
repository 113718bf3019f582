using System.Text;
using Omnichannel.Transcripts.Rendering;

namespace Omnichannel.Transcripts.Tests.Support;

/// <summary>A PDF renderer stand-in: the "PDF" is the plain-text transcript behind a PDF header, and it counts concurrent renders.</summary>
public sealed class FakePdfRenderer : ITranscriptPdfRenderer
{
    private int _running;
    private int _maxConcurrent;
    private int _renders;

    public int Renders => Volatile.Read(ref _renders);

    public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

    public async ValueTask<ReadOnlyMemory<byte>> RenderAsync(Transcript transcript, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxConcurrent, running);
        Interlocked.Increment(ref _renders);
        await Task.Yield();
        Interlocked.Decrement(ref _running);
        return Encoding.UTF8.GetBytes("%PDF-fake\n" + PlainTextTranscriptRenderer.Render(transcript));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
