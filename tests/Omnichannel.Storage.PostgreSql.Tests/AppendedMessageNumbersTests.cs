using System.Globalization;
using static Omnichannel.Storage.PostgreSql.Tests.TestData;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// The database itself refuses appended messages whose numbers do not continue the log, whatever the client sends: since
/// schema 8 <c>omnichannel_save_conversation</c> checks the numbers in a loop (it was a query over <c>unnest</c>), so
/// each position of the array is checked here, called directly, with a correct write as the control.
/// </summary>
public sealed class AppendedMessageNumbersTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    [Theory]
    [InlineData("2,3", 0)]
    [InlineData("2", 0)]
    [InlineData("3,4", 3)]
    [InlineData("2,2", 3)]
    [InlineData("2,4", 3)]
    [InlineData("2,3,5", 3)]
    public async Task The_save_function_refuses_numbers_that_do_not_continue_the_log_and_writes_nothing(string sequences, int outcome)
    {
        var database = await fixture.ResetAsync();
        await CreateAsync(database.Conversations, "c-1");
        var count = sequences.Split(',').Length;
        var messages = string.Join(", ", Enumerable.Repeat("'{}'::jsonb", count));

        var result = await StorageFixture.ExecuteAsync(fixture.ConnectionString, string.Create(CultureInfo.InvariantCulture, $$"""
            SELECT (omnichannel_save_conversation(
                'c-1', 1, 'k-1', 'd-1', (SELECT channel FROM conversations WHERE id = 'c-1'), 'Queued', NULL, now(), {{1 + count}},
                (SELECT data FROM conversations WHERE id = 'c-1'), ARRAY[{{sequences}}], ARRAY[{{messages}}],
                NULL, NULL, 0, 0, false, NULL, 0, '{}'::text[], '{}'::text[], '{}'::text[], '{}'::timestamptz[], '{}'::timestamptz[], '{}'::jsonb[],
                NULL, 0, NULL, 0, now()))[1]::integer -- schema 10: the outcome is the first of the figures
            """));

        Assert.Equal(outcome, result);
        Assert.Equal(outcome == 0 ? 2L : 1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT version FROM conversations WHERE id = 'c-1'"));
        Assert.Equal(outcome == 0 ? 1L + count : 1L, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT count(*) FROM conversation_messages WHERE conversation_id = 'c-1'"));
        if (outcome == 0)
        {
            Assert.Equal(1 + count, await StorageFixture.ExecuteAsync(fixture.ConnectionString, "SELECT max(sequence) FROM conversation_messages WHERE conversation_id = 'c-1'"));
        }
    }
}
