using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace Omnichannel.WebHost.Security;

/// <summary>
/// The agents' passwords, as PBKDF2 hashes (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>: HMAC-SHA512,
/// 100,000 iterations, a random salt per password). The library has no notion of passwords: signing in is the host's.
/// A product would keep these in its user store; this sample keeps them in memory and sets them at each start.
/// </summary>
public sealed class AgentCredentials
{
    private static readonly PasswordHasher<AgentCredentials> Hasher = new();
    private readonly ConcurrentDictionary<string, (AgentId Agent, string Hash)> _byUsername = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _decoyHash = Hasher.HashPassword(null!, RandomPassword());

    /// <summary>Sets an agent's password.</summary>
    public void Set(string username, AgentId agent, string password) => _byUsername[username] = (agent, Hasher.HashPassword(this, password));

    /// <summary>The agent whose user name and password these are, or null. Unknown names cost as much as wrong passwords.</summary>
    public AgentId? Verify(string username, string password)
    {
        if (!_byUsername.TryGetValue(username, out var entry))
        {
            Hasher.VerifyHashedPassword(this, _decoyHash, password);
            return null;
        }

        return Hasher.VerifyHashedPassword(this, entry.Hash, password) == PasswordVerificationResult.Failed ? null : entry.Agent;
    }

    /// <summary>A random password of 14 characters that are easy to read and type.</summary>
    public static string RandomPassword() => RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789", 14);
}
