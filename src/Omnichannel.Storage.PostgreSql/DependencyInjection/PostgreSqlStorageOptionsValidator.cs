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
        var failures = new List<string>();
        try
        {
            ConnectionStrings.Parse(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            failures.Add(exception.Message);
        }

        if (PostgreSqlStorageOptions.OutboxRetentionProblem(options.OutboxRetention) is { } retention)
        {
            failures.Add(retention);
        }

        if (PostgreSqlStorageOptions.MaxWriteBatchProblem(options.MaxWriteBatch) is { } batch)
        {
            failures.Add(batch);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
