using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Netflix.Hosting;

namespace Netflix.Functions.Tests.Api;

/// <summary>The loggers that see raw requests stay at Warning on both editions, whatever rules the configuration adds.</summary>
public sealed class LogSecrecyRulesTests
{
    [Theory]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel")]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel.BadRequests")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Http.Result.RedirectHttpResult")]
    [InlineData("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler")]
    [InlineData("System.Net.Http.HttpClient.Default.LogicalHandler")]
    public void Guarded_loggers_stay_at_warning_against_trace_rules_of_any_kind(string category)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(new Provider());
            logging.AddFilter(category, LogLevel.Trace);
            logging.AddFilter<Provider>(null, LogLevel.Trace);
            logging.AddFilter<Provider>(category, LogLevel.Trace);
            logging.AddFilter<Provider>(category + ".Deeper", LogLevel.Trace);
        });
        services.AddLogSecrecy();
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<ILoggerFactory>();

        Assert.False(factory.CreateLogger(category).IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger(category + ".Deeper").IsEnabled(LogLevel.Debug));
        Assert.True(factory.CreateLogger(category).IsEnabled(LogLevel.Warning));
        Assert.True(factory.CreateLogger("Netflix.Core.Anything").IsEnabled(LogLevel.Trace));
    }

    /// <summary>A provider whose loggers would take anything, so only the filter rules decide.</summary>
    private sealed class Provider : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }

        public void Dispose()
        {
        }
    }
}
