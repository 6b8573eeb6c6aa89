using Azure.Identity;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netflix.Functions;

// Composition only: the behaviour is in Netflix.Core, Netflix.Media, Netflix.Hosting and Netflix.Azure.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemMiddleware>();
builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();

// Application Insights takes Entra-authenticated telemetry only: the worker signs it with the app's identity (on a
// workstation, without one, telemetry goes wherever its connection string says, unsigned).
if (builder.Configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId)
{
    builder.Services.Configure<TelemetryConfiguration>(telemetry =>
        telemetry.SetAzureTokenCredential(new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))));
}

// The app folder is read-only on Flex Consumption: the shipped ffmpeg is copied somewhere it can run from.
builder.Configuration["Media:ToolsDirectory"] = ShippedTools.Prepare(AppContext.BaseDirectory, builder.Configuration["Media:ToolsDirectory"]);
builder.Services.AddFunctionsApp(builder.Configuration);

builder.Build().Run();
