namespace Omnichannel.WebHost;

/// <summary>
/// The host's settings, bound from the "WebHost" configuration section (appsettings.json, environment variables such
/// as <c>WebHost__Smtp__Port=2525</c>, or command-line arguments such as <c>--WebHost:DataDirectory=/tmp/oc</c>).
/// </summary>
public sealed class WebHostSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WebHost";

    /// <summary>Where the SQLite file and uploaded files live. Default: "omnichannel-webhost" in the system's temporary folder.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>
    /// One password for every seeded agent (demos, tests). When empty, each seeded agent gets a new random password at
    /// every start, printed on the console; only their PBKDF2 hashes are kept.
    /// </summary>
    public string? AgentPassword { get; set; }

    /// <summary>The SMTP server transcripts are emailed through.</summary>
    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>How often a department's queue positions are pushed to waiting visitors, at most. Default: 2 s.</summary>
    public double QueuePositionIntervalSeconds { get; set; } = 2;

    /// <summary>How long the transcript worker sleeps when no delivery is due. Default: 1 s.</summary>
    public double TranscriptPollIntervalSeconds { get; set; } = 1;

    /// <summary>The time zone of transcripts (an IANA name). Default: UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The largest file a visitor or an agent may attach. Default: 5 MB.</summary>
    public long MaxAttachmentBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The data directory, resolved.</summary>
    public string ResolvedDataDirectory =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? Path.Combine(Path.GetTempPath(), "omnichannel-webhost") : DataDirectory);
}

/// <summary>The SMTP server settings (see the MailKit adapter's <c>SmtpTranscriptEmailOptions</c>).</summary>
public sealed class SmtpSettings
{
    /// <summary>The server's host name. Default: localhost.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The server's port. Default: 25.</summary>
    public int Port { get; set; } = 25;

    /// <summary>"None", "Auto", "SslOnConnect", "StartTls" or "StartTlsWhenAvailable" (MailKit's SecureSocketOptions). Default: None.</summary>
    public string Security { get; set; } = "None";

    /// <summary>The user name, when the server wants one.</summary>
    public string? UserName { get; set; }

    /// <summary>The password, when the server wants one.</summary>
    public string? Password { get; set; }

    /// <summary>The sender's address.</summary>
    public string FromAddress { get; set; } = "support@omnichannel.example";

    /// <summary>The sender's name.</summary>
    public string FromName { get; set; } = "Omnichannel Support";
}
