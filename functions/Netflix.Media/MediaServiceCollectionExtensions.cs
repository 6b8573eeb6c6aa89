using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Netflix.Media.Probing;
using Netflix.Media.Thumbnails;
using Netflix.Media.Tools;
using Netflix.Media.Transcoding;
using Netflix.Media.Verification;

namespace Netflix.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>
    /// Adds the media engine. Bind <see cref="MediaOptions"/> from configuration in the host; the options are
    /// validated and ffmpeg is located when the host starts.
    /// </summary>
    public static IServiceCollection AddNetflixMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());

        // Finding ffmpeg is part of validating the options, so a host with ValidateOnStart refuses to start without it.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaToolchainValidator>());
        services.TryAddSingleton(sp => MediaToolchain.Locate(sp.GetRequiredService<IOptions<MediaOptions>>().Value.ToolsDirectory));
        services.TryAddSingleton<IMediaToolRunner>(sp =>
        {
            var toolchain = sp.GetRequiredService<MediaToolchain>();
            var options = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            return options.Runner == MediaRunnerKind.Process
                ? new ProcessToolRunner(toolchain, options.EffectiveScratchDirectory)
                : new XabeToolRunner(toolchain, options.EffectiveScratchDirectory);
        });
        services.TryAddSingleton<MediaProber>();
        services.TryAddSingleton<SourceSplitter>();
        services.TryAddSingleton<ChunkTranscoder>();
        services.TryAddSingleton<AudioEncoder>();
        services.TryAddSingleton<OutputVerifier>();
        services.TryAddSingleton<ThumbnailGenerator>();
        services.TryAddSingleton<MediaActivityHandlers>();
        return services;
    }
}
