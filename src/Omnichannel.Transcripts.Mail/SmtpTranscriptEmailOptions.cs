using MailKit.Security;
using NodaTime;

namespace Omnichannel.Transcripts.Mail;

/// <summary>Where and how transcript emails are sent over SMTP.</summary>
/// <remarks>Configure before start-up; not thread-safe to change afterwards.</remarks>
public sealed class SmtpTranscriptEmailOptions
{
    /// <summary>The SMTP server's host name or address. Required.</summary>
    public string Host { get; set; } = string.Empty;

    /// <summary>The SMTP server's port. Default: 587 (submission). 1 to 65535.</summary>
    public int Port { get; set; } = 587;

    /// <summary>How the connection is secured. Default: <see cref="SecureSocketOptions.Auto"/> (TLS when the server offers it).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    /// <summary>The user name to authenticate with; no authentication when null or empty. Default: null.</summary>
    public string? UserName { get; set; }

    /// <summary>The password to authenticate with, used with <see cref="UserName"/>. Default: null.</summary>
    public string? Password { get; set; }

    /// <summary>The sender's address, for example <c>support@example.com</c>. Required.</summary>
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>The sender's display name. Default: none.</summary>
    public string? FromName { get; set; }

    /// <summary>How long to wait for the server on each step. Default: 30 seconds. Positive.</summary>
    public Duration Timeout { get; set; } = Duration.FromSeconds(30);
}
