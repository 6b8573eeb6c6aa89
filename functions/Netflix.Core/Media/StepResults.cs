namespace Netflix.Core.Media;

/// <summary>What one chunk task produced, and what decoding every rendition of it found wrong (nothing, normally).</summary>
public sealed record ChunkResult(int ChunkIndex, int SegmentsPerRendition, long Bytes, IReadOnlyList<string>? Problems = null)
{
    public bool Passed => Problems is not { Count: > 0 };
}

/// <summary>The title's audio, encoded once.</summary>
public sealed record AudioResult(int Segments, long Bytes, TimeSpan Duration);

/// <summary>How much of the title the published playlists cover.</summary>
public sealed record StitchResult(int ReadyChunks, int TotalChunks, TimeSpan Duration)
{
    public bool IsComplete => ReadyChunks == TotalChunks;
}

/// <param name="Poster">File name of the poster JPEG in the thumbnails folder.</param>
/// <param name="Storyboard">File name of the WebVTT that maps times to sprite tiles.</param>
/// <param name="Sheets">Sprite sheet file names in order.</param>
public sealed record ThumbnailResult(string Poster, string Storyboard, IReadOnlyList<string> Sheets, int TileWidth, int TileHeight, TimeSpan Interval, int Tiles);

/// <summary>What checking one stitched stream found. Times are on the output's clock.</summary>
public sealed record StreamCheck(string Name, int Frames, TimeSpan Start, TimeSpan End, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}
