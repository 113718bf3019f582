using Omnichannel.Operations;

namespace Omnichannel.WebHost;

/// <summary>The body of every refusal: the library's code and its message, which the pages show as they are.</summary>
/// <param name="Code">The <see cref="OperationErrorCode"/> name, or the host's own code.</param>
/// <param name="Message">What a person reads.</param>
public sealed record ErrorBody(string Code, string Message);

/// <summary>Library results as HTTP responses.</summary>
public static class ApiResults
{
    /// <summary>A refusal of the host's own.</summary>
    public static IResult Error(int status, string code, string message) => Results.Json(new ErrorBody(code, message), statusCode: status);

    /// <summary>The library's refusal, with a status that says what kind it is.</summary>
    public static IResult Refused(OperationError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var status = error.Code switch
        {
            OperationErrorCode.NotFound => StatusCodes.Status404NotFound,
            OperationErrorCode.NotPermitted or OperationErrorCode.NotDepartmentMember or OperationErrorCode.NotServingAgent
                or OperationErrorCode.NotAnOmnichannelAgent => StatusCodes.Status403Forbidden,
            OperationErrorCode.InvalidArgument or OperationErrorCode.InvalidContact or OperationErrorCode.InvalidSearchPattern
                or OperationErrorCode.UnknownShortcut or OperationErrorCode.UnknownPlaceholder or OperationErrorCode.PlaceholderValueMissing
                or OperationErrorCode.InvalidDepartment or OperationErrorCode.InvalidAgent => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status409Conflict,
        };
        return Error(status, error.Code.ToString(), error.Message);
    }

    /// <summary>The value, or the library's refusal.</summary>
    public static IResult From<T>(OperationResult<T> result, Func<T, object> body)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(body);
        return result.Succeeded ? Results.Ok(body(result.Value)) : Refused(result.Error);
    }

    /// <summary>No conversation id in the route.</summary>
    public static IResult NoSuchConversation() => Error(StatusCodes.Status404NotFound, "NotFound", "No such conversation.");

    /// <summary>No signed-in agent.</summary>
    public static IResult SignInFirst() => Error(StatusCodes.Status401Unauthorized, "SignInRequired", "Sign in first.");

    /// <summary>No valid visitor token.</summary>
    public static IResult VisitorTokenInvalid() =>
        Error(StatusCodes.Status401Unauthorized, "VisitorTokenInvalid", "This chat link is not valid any more. Start a new chat.");
}
