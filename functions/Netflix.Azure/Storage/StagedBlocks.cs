using System.Globalization;
using System.Text;

namespace Netflix.Azure.Storage;

/// <summary>
/// A staged block's identity: the chunk it belongs to and the byte offset in the file where it starts. The id is
/// the base64 of a fixed-width text ("0000003-000000025165824"), as every block id of one blob must have the same
/// length; it is deterministic, so staging a chunk again replaces its blocks instead of adding new ones.
/// </summary>
internal readonly record struct BlockId(int Chunk, long Offset)
{
    private const int ChunkDigits = 7;
    private const int OffsetDigits = 15;

    public string Encode()
        => Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Chunk:D7}-{Offset:D15}")));

    public static BlockId? TryDecode(string id)
    {
        Span<byte> text = stackalloc byte[ChunkDigits + 1 + OffsetDigits];
        if (!Convert.TryFromBase64String(id, text, out var written) || written != text.Length || text[ChunkDigits] != (byte)'-')
        {
            return null;
        }

        var chunk = Encoding.ASCII.GetString(text[..ChunkDigits]);
        var offset = Encoding.ASCII.GetString(text[(ChunkDigits + 1)..]);
        return int.TryParse(chunk, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var o)
            ? new BlockId(c, o)
            : null;
    }

    /// <summary>The largest chunk index and offset the fixed width can hold.</summary>
    public static bool Fits(int chunk, long offset) => chunk is >= 0 and < 10_000_000 && offset is >= 0 and < 1_000_000_000_000_000;
}

/// <summary>A block the service holds for a staging blob, committed or not.</summary>
internal sealed record StagedBlock(string Id, long Size);

/// <summary>Chooses the blocks that make up a committed upload.</summary>
internal static class BlockPlan
{
    /// <summary>
    /// The ids to commit, in file order: from byte 0, each step takes the block that starts where the previous one
    /// ended, until <paramref name="totalLength"/>. Blocks left behind by an earlier, longer attempt at a chunk start
    /// at offsets the walk never reaches and are dropped by the commit. A gap, an overrun or chunks other than
    /// 0..count-1 throw, so a partial file is never committed.
    /// </summary>
    public static IReadOnlyList<string> Build(IEnumerable<StagedBlock> staged, int chunkCount, long totalLength, string uploadId)
    {
        var byOffset = new Dictionary<long, (BlockId Block, StagedBlock Staged)>();
        foreach (var item in staged)
        {
            var block = BlockId.TryDecode(item.Id)
                ?? throw new InvalidOperationException($"Upload {uploadId} has a staged block this store did not write.");
            if (byOffset.TryGetValue(block.Offset, out var other) && other.Staged.Id != item.Id)
            {
                throw new InvalidOperationException($"Upload {uploadId} has two chunks staged at byte {block.Offset}.");
            }

            byOffset[block.Offset] = (block, item);
        }

        var plan = new List<string>();
        var position = 0L;
        var chunk = 0;
        while (position < totalLength)
        {
            if (!byOffset.TryGetValue(position, out var next))
            {
                throw new InvalidOperationException($"Upload {uploadId} has nothing staged at byte {position}: a chunk is missing.");
            }

            if (next.Block.Chunk != chunk && !(plan.Count > 0 && next.Block.Chunk == chunk + 1))
            {
                throw new InvalidOperationException($"Upload {uploadId} has chunk {next.Block.Chunk} at byte {position}, where chunk {chunk} or {chunk + 1} belongs.");
            }

            if (next.Staged.Size <= 0)
            {
                throw new InvalidOperationException($"Upload {uploadId} has an empty block at byte {position}.");
            }

            chunk = next.Block.Chunk;
            plan.Add(next.Staged.Id);
            position += next.Staged.Size;
        }

        if (position != totalLength)
        {
            throw new InvalidOperationException($"Upload {uploadId} has {position} bytes staged, more than the {totalLength} declared.");
        }

        if (totalLength > 0 && chunk != chunkCount - 1)
        {
            throw new InvalidOperationException($"Upload {uploadId} ends with chunk {chunk}, not chunk {chunkCount - 1}.");
        }

        return plan;
    }
}
