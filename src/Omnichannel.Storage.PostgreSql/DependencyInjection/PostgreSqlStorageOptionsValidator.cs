using Microsoft.Extensions.Options;
using Omnichannel.Storage.PostgreSql.Internal;

namespace Omnichannel.Storage.PostgreSql.DependencyInjection;

/// <summary>Refuses an empty or malformed connection string when the options are first used (at host start-up).</summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class PostgreSqlStorageOptionsValidator : IValidateOptions<PostgreSqlStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgreSqlStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            ConnectionStrings.Parse(options.ConnectionString);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
