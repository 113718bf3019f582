using Omnichannel.Storage.Sqlite;
using Omnichannel.Tests.Conventions;

namespace Omnichannel.Storage.Sqlite.Tests;

public sealed class ThreadSafetyDocumentationTests
{
    [Fact]
    public void Every_public_type_states_its_thread_safety() =>
        Assert.Empty(DocumentationConventions.TypesWithoutThreadSafetyStatement(typeof(SqliteOmnichannelDatabase).Assembly));
}
