using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netflix.Core.Media;
using Netflix.Core.Workflow;
using Netflix.Media;

// Usage: StepRunner WORKSPACE ACTIVITY INPUT-JSON [--Media:Setting=value ...]
// Runs the named media activity once over the workspace (laid out as the apps lay it out) and prints its output.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: StepRunner WORKSPACE ACTIVITY INPUT-JSON [--Media:Setting=value ...]");
    return 2;
}

var configuration = new ConfigurationBuilder().AddCommandLine(args[3..]).Build();
var services = new ServiceCollection();
services.AddSingleton<IConfiguration>(configuration);
services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.SectionName));
services.AddNetflixMedia();
services.AddSingleton<IMediaWorkspace>(new DirectoryMediaWorkspace(args[0], "media"));
await using var provider = services.BuildServiceProvider();
var registry = provider.GetRequiredService<MediaActivityHandlers>().RegisterWith(new ActivityRegistry());

var activity = typeof(MediaActivities).GetFields(BindingFlags.Public | BindingFlags.Static)
    .Select(f => f.GetValue(null))
    .FirstOrDefault(a => a?.GetType().GetProperty("Name")?.GetValue(a) as string == args[1])
    ?? throw new ArgumentException($"No media activity is named '{args[1]}'.");
var run = typeof(Runner).GetMethod(nameof(Runner.RunAsync))!.MakeGenericMethod(activity.GetType().GetGenericArguments());
Console.WriteLine(await (Task<string>)run.Invoke(null, [registry, activity, args[2]])!);
return 0;

internal static class Runner
{
    public static async Task<string> RunAsync<TInput, TOutput>(ActivityRegistry registry, Activity<TInput, TOutput> activity, string input)
        => JsonSerializer.Serialize(await registry.InvokeAsync(activity, JsonSerializer.Deserialize<TInput>(input)!, CancellationToken.None));
}
