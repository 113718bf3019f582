using Omnichannel.Tests.Conventions;

namespace Omnichannel.Core.Tests.Conventions;

/// <summary>Every public type of the shipped packages says how it behaves across threads.</summary>
public sealed class ThreadSafetyDocumentationTests
{
    [Theory]
    [InlineData(typeof(Omnichannel.Conversations.Conversation))]
    [InlineData(typeof(Omnichannel.Testing.RecordingDomainEventPublisher))]
    public void Every_public_type_states_its_thread_safety(Type fromAssembly) =>
        Assert.Empty(DocumentationConventions.TypesWithoutThreadSafetyStatement(fromAssembly.Assembly));
}
