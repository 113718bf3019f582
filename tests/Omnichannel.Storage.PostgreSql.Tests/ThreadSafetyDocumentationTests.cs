using Omnichannel.Tests.Conventions;

namespace Omnichannel.Storage.PostgreSql.Tests;

public sealed class ThreadSafetyDocumentationTests
{
    [Fact]
    public void Every_public_type_states_its_thread_safety() =>
        Assert.Empty(DocumentationConventions.TypesWithoutThreadSafetyStatement(typeof(PostgreSqlOmnichannelDatabase).Assembly));
}
