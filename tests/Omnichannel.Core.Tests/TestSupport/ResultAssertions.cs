using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>Assertions on operation results that show the refusal when a test fails.</summary>
public static class ResultAssertions
{
    /// <summary>Asserts success and returns the value.</summary>
    public static T Ok<T>(this OperationResult<T> result)
        where T : class
    {
        Assert.True(result.Succeeded, $"Expected success but got {result.Error}");
        return result.Value;
    }

    /// <summary>Asserts success of an operation without a value.</summary>
    public static void Ok(this OperationResult result) =>
        Assert.True(result.Succeeded, $"Expected success but got {result.Error}");

    /// <summary>Asserts a refusal with <paramref name="code"/> whose message contains every fragment.</summary>
    public static OperationError Refused(this OperationResult result, OperationErrorCode code, params string[] fragments)
    {
        Assert.False(result.Succeeded, $"Expected {code} but the operation succeeded.");
        Assert.Equal(code, result.Error.Code);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, result.Error.Message, StringComparison.Ordinal);
        }

        return result.Error;
    }
}
