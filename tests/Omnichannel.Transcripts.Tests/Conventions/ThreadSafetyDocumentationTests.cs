using Omnichannel.Tests.Conventions;

namespace Omnichannel.Transcripts.Tests.Conventions;

/// <summary>Every public type of the transcripts package says how it behaves across threads.</summary>
public sealed class ThreadSafetyDocumentationTests
{
    [Fact]
    public void Every_public_type_states_its_thread_safety() =>
        Assert.Empty(DocumentationConventions.TypesWithoutThreadSafetyStatement(typeof(ITranscriptService).Assembly));
}
