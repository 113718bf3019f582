using Omnichannel.Operations;

namespace Omnichannel.Routing.Tests.Support;

internal static class ResultAssertions
{
    /// <summary>Fails the test with the refusal's message unless the operation succeeded.</summary>
    public static void ShouldSucceed(this OperationResult result) => Assert.True(result.Succeeded, result.ToString());
}
