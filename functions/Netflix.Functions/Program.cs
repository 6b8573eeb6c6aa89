using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Netflix.Azure;
using Netflix.Core.Ingest;
using Netflix.Functions;
using Netflix.Media;

// Composition only: the behaviour is in Netflix.Core, Netflix.Media and Netflix.Azure.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ProblemMiddleware>();
builder.Services.AddApplicationInsightsTelemetryWorkerService();

// The app folder is read-only on Flex Consumption: the shipped ffmpeg is copied somewhere it can run from.
builder.Configuration["Media:ToolsDirectory"] = ShippedTools.Prepare(AppContext.BaseDirectory, builder.Configuration["Media:ToolsDirectory"]);
builder.Services.AddAzurePlatform(builder.Configuration);
builder.Services.AddNetflixMedia();
builder.Services.AddSingleton<IIngestStarter, InvocationIngestStarter>();

builder.Build().Run();
