using System.Buffers.Binary;

namespace AsterFarm.Builder.Sandbox.Qemu;

/// <summary>
/// The smallest program that proves an emulator really runs code of its architecture: a static ELF executable of
/// three instructions that calls <c>exit(42)</c>. It is written here byte by byte, so the check needs no toolchain and
/// no file shipped with the builder; the exit status 42 cannot come from a loader or emulator that failed.
/// </summary>
public static class ProbeProgram
{
    /// <summary>The exit status of a probe that ran.</summary>
    public const int ExpectedExitCode = 42;

    private const ulong LoadAddress = 0x400000;
    private const int ElfHeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const int CodeOffset = ElfHeaderSize + ProgramHeaderSize;

    /// <summary>The probe for <paramref name="format"/> (the binfmt entries of <see cref="BinfmtFormat"/>).</summary>
    /// <exception cref="ArgumentException">No probe is known for that format.</exception>
    public static byte[] For(BinfmtFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var (machine, code) = format.Name switch
        {
            // addi a0, zero, 42; addi a7, zero, 93 (exit); ecall
            "qemu-riscv64" => ((ushort)243, new uint[] { 0x02A00513, 0x05D00893, 0x00000073 }),
            // movz x0, #42; movz x8, #93 (exit); svc #0
            "qemu-aarch64" => ((ushort)183, new uint[] { 0xD2800540, 0xD2800BA8, 0xD4000001 }),
            _ => throw new ArgumentException($"no probe program for the binfmt entry '{format.Name}'", nameof(format)),
        };
        return Elf(machine, code);
    }

    // ELF64 little-endian: the file header, one PT_LOAD segment mapping the whole file read+execute, then the code.
    private static byte[] Elf(ushort machine, uint[] code)
    {
        var bytes = new byte[CodeOffset + (code.Length * 4)];
        var span = bytes.AsSpan();
        "\u007fELF"u8.CopyTo(span);
        span[4] = 2; // ELFCLASS64
        span[5] = 1; // ELFDATA2LSB
        span[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], machine);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1); // e_version
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], LoadAddress + CodeOffset); // e_entry
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], ElfHeaderSize); // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], ElfHeaderSize); // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[54..], ProgramHeaderSize); // e_phentsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[56..], 1); // e_phnum
        var header = span[ElfHeaderSize..];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 1); // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 5); // PF_R | PF_X
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], LoadAddress); // p_vaddr
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], LoadAddress); // p_paddr
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)bytes.Length); // p_filesz
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], (ulong)bytes.Length); // p_memsz
        BinaryPrimitives.WriteUInt64LittleEndian(header[48..], 0x1000); // p_align
        for (var i = 0; i < code.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[(CodeOffset + (i * 4))..], code[i]);
        }

        return bytes;
    }
}
