using Microsoft.Extensions.Options;
using MimeKit;
using NodaTime;

namespace Omnichannel.Transcripts.Mail;

/// <summary>Refuses SMTP settings that cannot work, naming the setting.</summary>
internal sealed class SmtpTranscriptEmailOptionsValidator : IValidateOptions<SmtpTranscriptEmailOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpTranscriptEmailOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add("SmtpTranscriptEmailOptions.Host must be set to the SMTP server's host name.");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"SmtpTranscriptEmailOptions.Port must be between 1 and 65535; it is {options.Port}.");
        }

        if (string.IsNullOrWhiteSpace(options.FromAddress) || !MailboxAddress.TryParse(options.FromAddress, out _))
        {
            failures.Add($"SmtpTranscriptEmailOptions.FromAddress must be a valid email address; it is '{options.FromAddress}'.");
        }

        if (options.Timeout <= Duration.Zero || options.Timeout > Duration.FromMilliseconds(int.MaxValue))
        {
            failures.Add($"SmtpTranscriptEmailOptions.Timeout must be positive and under 24 days; it is {options.Timeout}.");
        }

        if (!string.IsNullOrEmpty(options.UserName) && options.Password is null)
        {
            failures.Add("SmtpTranscriptEmailOptions.Password must be set when UserName is.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
