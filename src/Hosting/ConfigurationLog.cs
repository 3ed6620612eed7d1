using Microsoft.Extensions.Logging;

namespace AsterFarm.Hosting;

/// <summary>Log lines about a node's settings (category <c>AsterFarm.Configuration</c>).</summary>
internal static partial class ConfigurationLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Setting {OldKey} (environment variable {OldVariable}) has moved to {NewKey} ({NewVariable}); the old name is still read, the new one wins when both are set")]
    public static partial void SettingMoved(ILogger logger, string oldKey, string oldVariable, string newKey, string newVariable);
}
