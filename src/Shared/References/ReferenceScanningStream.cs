using AsterFarm.Shared.IO;

namespace AsterFarm.Shared.References;

/// <summary>
/// A write-only pass-through stream that feeds everything written to a <see cref="ReferenceScanner"/>, so a NAR can be
/// written, hashed and scanned in one pass: <c>NarWriter.Write(output, new ReferenceScanningStream(scanner, file))</c>.
/// </summary>
public sealed class ReferenceScanningStream(ReferenceScanner scanner, Stream? inner = null)
    : ObservingWriteStream(inner, leaveInnerOpen: true)
{
    public ReferenceScanner Scanner { get; } = scanner ?? throw new ArgumentNullException(nameof(scanner));

    protected override void Observe(ReadOnlySpan<byte> chunk) => Scanner.Append(chunk);
}
