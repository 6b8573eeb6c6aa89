using Netflix.Local;

// The pages are the app's own, next to its assembly, wherever it is started from; data stays under the working folder.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = LocalHost.WithoutCommand(args), WebRootPath = LocalHost.WebRoot });
builder.Configuration.AddCommandLine(LocalHost.WithoutCommand(args), LocalHost.SwitchMappings);
builder.AddLocalHost();

if (args is ["token", ..])
{
    return await TokenCommand.RunAsync(builder, args[1..]);
}

var app = builder.Build();
app.UseLocalHost();
await app.RunAsync();
return 0;
