using System.Reflection;
using Microsoft.Extensions.Logging;
using Omnichannel.Packaging.Tests.Support;

namespace Omnichannel.Packaging.Tests;

/// <summary>
/// Log event ids identify a message across every package a host installs: each package keeps its own thousand
/// (Core 0–999, Routing 1000–1999, Transcripts 2000–2999, ...; see docs/packaging.md) and no id is used twice.
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public async Task Every_log_message_of_the_shipped_packages_has_an_id_of_its_own_in_its_package_range()
    {
        var messages = new List<(string Assembly, string Method, int Id)>();
        foreach (var project in await SolutionProjects.ShippedAsync())
        {
            var assembly = Assembly.Load(project.AssemblyName);
            foreach (var type in assembly.GetTypes())
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } message)
                    {
                        messages.Add((project.AssemblyName, $"{type.FullName}.{method.Name}", message.EventId));
                    }
                }
            }
        }

        Assert.Contains(messages, m => m.Assembly == "Omnichannel.Core");
        Assert.Contains(messages, m => m.Assembly == "Omnichannel.Routing");
        Assert.Contains(messages, m => m.Assembly == "Omnichannel.Transcripts");
        Assert.All(messages, m => Assert.True(m.Id > 0, $"{m.Method} has no event id."));
        var reused = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key} by {string.Join(" and ", g.Select(m => m.Method))}").ToList();
        Assert.True(reused.Count == 0, $"Event ids used twice: {string.Join("; ", reused)}.");
        var ranges = messages.GroupBy(m => m.Assembly).ToDictionary(g => g.Key, g => g.Select(m => m.Id / 1000).Distinct().ToList());
        Assert.All(ranges, r => Assert.True(r.Value.Count == 1, $"{r.Key} logs with ids of several thousands ({string.Join(", ", r.Value)}xxx): keep a package's ids in one range."));
        var shared = ranges.GroupBy(r => r.Value[0]).Where(g => g.Count() > 1).Select(g => $"{g.Key}xxx by {string.Join(" and ", g.Select(r => r.Key))}").ToList();
        Assert.True(shared.Count == 0, $"Packages share a range of event ids (docs/packaging.md gives each its own): {string.Join("; ", shared)}.");
    }
}
