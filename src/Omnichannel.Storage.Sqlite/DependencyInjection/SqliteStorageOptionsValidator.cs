using Microsoft.Extensions.Options;

namespace Omnichannel.Storage.Sqlite.DependencyInjection;

/// <summary>
/// Refuses SQLite settings at host start-up (ValidateOnStart), naming the setting, rather than when the database object is
/// first built (a bad retention was an ArgumentException then, and one over 292 years failed every outbox lease).
/// </summary>
internal sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        try
        {
            SqliteOmnichannelDatabase.ParseConnectionString(options.ConnectionString);
        }
        catch (ArgumentException exception)
        {
            failures.Add($"SqliteStorageOptions.ConnectionString: {exception.Message}");
        }

        if (options.BusyTimeout < TimeSpan.Zero)
        {
            failures.Add($"SqliteStorageOptions.BusyTimeout must not be negative; it is {options.BusyTimeout}.");
        }

        if (SqliteStorageOptions.OutboxRetentionProblem(options.OutboxRetention) is { } retention)
        {
            failures.Add(retention);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
