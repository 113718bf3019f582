using Microsoft.AspNetCore.Antiforgery;

namespace Omnichannel.WebHost.Security;

/// <summary>
/// Validates the anti-forgery token (cookie plus <c>X-CSRF-TOKEN</c> header) on every state-changing agent request,
/// so that another site cannot make a signed-in agent's browser act.
/// </summary>
public sealed class AntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    /// <summary>The header the pages send the token in.</summary>
    public const string Header = "X-CSRF-TOKEN";

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "AntiforgeryTokenInvalid",
                    "The request was refused: its anti-forgery token is missing or invalid. Reload the page and try again.");
            }
        }

        return await next(context);
    }
}
