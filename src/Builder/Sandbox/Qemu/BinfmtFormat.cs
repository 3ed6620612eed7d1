namespace AsterFarm.Builder.Sandbox.Qemu;

/// <summary>A binfmt_misc magic-number entry: the bytes at offset 0 of an executable and the mask applied first.</summary>
/// <param name="Name">The entry name, e.g. <c>qemu-riscv64</c>.</param>
/// <param name="Magic">The expected header bytes.</param>
/// <param name="Mask">The mask ANDed with the header before comparing (same length as <paramref name="Magic"/>).</param>
public sealed record BinfmtFormat(string Name, IReadOnlyList<byte> Magic, IReadOnlyList<byte> Mask)
{
    /// <summary>
    /// 64-bit little-endian ELF with <c>e_machine</c> = EM_RISCV (243), executables and shared objects
    /// (QEMU's and Debian's standard <c>qemu-riscv64</c> entry).
    /// </summary>
    public static readonly BinfmtFormat Riscv64 = Elf64LittleEndian("qemu-riscv64", 0xf3);

    /// <summary>64-bit little-endian ELF with <c>e_machine</c> = EM_AARCH64 (183) (the standard <c>qemu-aarch64</c> entry).</summary>
    public static readonly BinfmtFormat Aarch64 = Elf64LittleEndian("qemu-aarch64", 0xb7);

    /// <summary>Whether the first bytes of a file select this format.</summary>
    public bool Matches(ReadOnlySpan<byte> header)
    {
        if (header.Length < Magic.Count)
        {
            return false;
        }

        for (var i = 0; i < Magic.Count; i++)
        {
            if ((header[i] & Mask[i]) != (Magic[i] & Mask[i]))
            {
                return false;
            }
        }

        return true;
    }

    // e_ident: "\x7fELF", ELFCLASS64, ELFDATA2LSB, EV_CURRENT, OS ABI ignored, padding; e_type ET_EXEC or
    // ET_DYN (mask 0xfe); e_machine little-endian.
    private static BinfmtFormat Elf64LittleEndian(string name, byte machine) => new(
        name,
        [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, machine, 0x00],
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff]);
}
