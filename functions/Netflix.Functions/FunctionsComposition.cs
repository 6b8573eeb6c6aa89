using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Netflix.Azure;
using Netflix.Azure.Storage;
using Netflix.Core.Ingest;
using Netflix.Core.Media;
using Netflix.Core.Storage;
using Netflix.Core.Workflow;
using Netflix.Functions.Auth;
using Netflix.Hosting;
using Netflix.Hosting.Api;
using Netflix.Media;

namespace Netflix.Functions;

public static class FunctionsComposition
{
    /// <summary>Where every instance mounts the shared work folder (an Azure Files share) unless configured otherwise.</summary>
    public const string DefaultWorkspace = "/mounts/work";

    /// <summary>
    /// The app's services: the Azure adapters, Core's services, the media engine and the API's handlers (as on the local
    /// host), the caller from App Service authentication, the shared work folder laid out like the store, and the
    /// workspace steps around the activities.
    /// </summary>
    public static IServiceCollection AddFunctionsApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAzurePlatform(configuration);
        services.AddNetflixServices();
        services.AddNetflixApi();
        services.AddOptions<AppServiceAuthOptions>().Configure(options => AppServiceAuthOptions.Read(options, configuration));
        services.AddSingleton<ICallerSource, AppServiceCallers>();

        var workspace = configuration["Media:WorkspaceDirectory"] is { Length: > 0 } configured ? configured : DefaultWorkspace;
        services.AddSingleton<IMediaWorkspace>(new DirectoryMediaWorkspace(workspace, "media"));
        services.AddSingleton(sp => new WorkspaceSync(sp.GetRequiredService<IMediaStore>(), workspace));
        services.AddSingleton<IActivityDecorator, WorkspaceActivities>();
        services.AddSingleton<IIngestStarter, InvocationIngestStarter>();
        return services;
    }
}
