using System.Reflection;
using System.Text.Json.Nodes;
using Netflix.Core.Ingest;
using Netflix.Core.Workflow;
using Netflix.Functions.Tests.Api;
using Netflix.Functions.Tests.Fixtures;
using Netflix.Media.Tools;

namespace Netflix.Functions.Tests.Publish;

/// <summary>
/// What the Functions host would load, read from the published output: the functions it indexes, the extensions it
/// starts, the worker it launches and the tools the app looks for.
/// </summary>
[Collection(EmulatorsCollection.Name)]
public sealed class PublishedAppTests(Emulators emulators, PublishedApp app) : IClassFixture<PublishedApp>
{
    private readonly PublishedApp _app = app;

    [Fact]
    public void Every_core_workflow_is_an_orchestrator_under_its_core_name()
    {
        var workflows = CoreStatics(typeof(Workflow<,>)).Select(w => (string)w.GetType().GetProperty("Name")!.GetValue(w)!).Append(IngestWorkflow.Name);

        Assert.Equal(workflows.Order(StringComparer.Ordinal), _app.Triggered("orchestrationTrigger").Select(PublishedApp.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_core_activity_has_one_activity_function_under_its_core_name_and_no_function_is_without_one()
    {
        var activities = CoreStatics(typeof(Activity<,>)).Select(a => (string)a.GetType().GetProperty("Name")!.GetValue(a)!).ToList();

        Assert.NotEmpty(activities);
        Assert.Equal(activities.Order(StringComparer.Ordinal), _app.Triggered("activityTrigger").Select(PublishedApp.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_api_route_of_the_local_host_is_published_with_the_same_method_and_template()
    {
        var local = await RouteParityTests.LocalRoutesAsync(emulators);

        var published = _app.Triggered("httpTrigger")
            .SelectMany(f => PublishedApp.Trigger(f)!["methods"]!.AsArray().Select(m => RouteParityTests.Route(m!.GetValue<string>(), "api/" + PublishedApp.Trigger(f)!["route"]!.GetValue<string>())))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(local);
        Assert.Equal(local, published);
        Assert.All(_app.Triggered("httpTrigger"), f => Assert.Equal("Anonymous", PublishedApp.Trigger(f)!["authLevel"]!.GetValue<string>()));
    }

    [Fact]
    public void The_upload_trigger_reads_the_queue_event_grid_feeds_unless_the_feed_lacks_its_package()
    {
        var triggers = _app.Triggered("serviceBusTrigger").ToList();
        if (PublishedApp.PartialFeed)
        {
            // Left out with its one file, and nothing else: the host is not asked for an extension it would not find.
            Assert.Empty(triggers);
            Assert.DoesNotContain(_app.Extensions, e => e["name"]!.GetValue<string>() == "ServiceBus");
            return;
        }

        var trigger = PublishedApp.Trigger(Assert.Single(triggers))!;
        Assert.Equal("%UploadsQueueName%", trigger["queueName"]!.GetValue<string>());
        Assert.Equal("ServiceBusConnection", trigger["connection"]!.GetValue<string>());
        Assert.Contains(_app.Extensions, e => e["name"]!.GetValue<string>() == "ServiceBus");
    }

    [Fact]
    public void The_sweep_of_stalled_runs_runs_on_a_timer_with_a_durable_client()
    {
        var sweep = Assert.Single(_app.Triggered("timerTrigger"));

        Assert.Equal(SweepFunction.Name, PublishedApp.Name(sweep));
        Assert.Equal("0 */10 * * * *", PublishedApp.Trigger(sweep)!["schedule"]!.GetValue<string>());
        Assert.Contains(sweep["bindings"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "durableClient");
    }

    [Fact]
    public void The_durable_extension_and_the_backend_host_json_names_are_shipped()
    {
        var durable = Assert.Single(_app.Extensions, e => e["name"]!.GetValue<string>() == "DurableTask");
        Assert.True(File.Exists(Path.Combine(_app.Output, durable["hintPath"]!.GetValue<string>())));
        foreach (var extension in _app.Extensions)
        {
            Assert.True(File.Exists(Path.Combine(_app.Output, extension["hintPath"]!.GetValue<string>())), extension.ToJsonString());
        }

        // The storage provider host.json names must be one the shipped extension carries.
        var provider = _app.Host["extensions"]!["durableTask"]!["storageProvider"]!["type"]!.GetValue<string>();
        Assert.Equal("AzureStorage", provider, ignoreCase: true);
        Assert.True(File.Exists(Path.Combine(_app.Output, ".azurefunctions", "DurableTask.AzureStorage.dll")));
        Assert.Equal("AzureWebJobsStorage", _app.Host["extensions"]!["durableTask"]!["storageProvider"]!["connectionName"]!.GetValue<string>());
    }

    [Fact]
    public void The_worker_is_the_isolated_dotnet_app_and_the_host_settings_are_the_repositorys()
    {
        var description = _app.WorkerConfig["description"]!;
        Assert.Equal("dotnet-isolated", description["language"]!.GetValue<string>());
        Assert.Equal("dotnet", description["defaultExecutablePath"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(_app.Output, description["defaultWorkerPath"]!.GetValue<string>())));
        Assert.Equal("Netflix.Functions.dll", description["defaultWorkerPath"]!.GetValue<string>());
        Assert.All(_app.Metadata, f => Assert.Equal("Netflix.Functions.dll", f["scriptFile"]!.GetValue<string>()));

        var repository = JsonNode.Parse(File.ReadAllText(Path.Combine(Netflix.Testing.HostProcess.ProjectDirectory, "..", "..", "host.json")))!;
        Assert.Equal(repository.ToJsonString(), _app.Host.ToJsonString());

        // On Flex Consumption a run gets at most an hour's grace when its instance is taken away.
        Assert.InRange(TimeSpan.Parse(_app.Host["functionTimeout"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1));
    }

    [Fact]
    public void The_shipped_ffmpeg_is_where_the_app_looks_and_runs_from_the_writable_copy()
    {
        Assert.True(File.Exists(Path.Combine(_app.Output, "tools", "ffmpeg", "ffmpeg")));
        Assert.True(File.Exists(Path.Combine(_app.Output, "tools", "ffmpeg", "ffprobe")));

        var folder = ShippedTools.Prepare(_app.Output, configured: null);

        Assert.NotNull(folder);
        Assert.NotEqual(Path.Combine(_app.Output, "tools", "ffmpeg"), folder);
        var toolchain = MediaToolchain.Locate(folder);
        Assert.Equal(Path.Combine(folder, "ffmpeg"), toolchain.FFmpegPath);
        Assert.Matches(@"^\d+\.\d+", toolchain.Version);
    }

    private static IEnumerable<object> CoreStatics(Type open) => typeof(IngestWorkflow).Assembly.GetTypes()
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == open)
        .Select(f => f.GetValue(null)!);
}
