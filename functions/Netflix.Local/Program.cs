using Netflix.Local;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = LocalHost.WithoutCommand(args) });
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
