namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>The greeting's magic numbers and the protocol version this client speaks (Nix 2.8's own: 2.7).</summary>
public static class ServeProtocolVersion
{
    /// <summary>Sent first by the client.</summary>
    public const ulong ClientMagic = 0x390c9deb;

    /// <summary>The server's answer to <see cref="ClientMagic"/>.</summary>
    public const ulong ServerMagic = 0x5452eecb;

    /// <summary>Major 2 (<c>0x200</c>), minor 7: the version Nix 2.8 sends and serves.</summary>
    public const ulong Current = (2 << 8) | 7;

    /// <summary>The oldest minor accepted: 4 is the first whose path infos carry the NAR hash (Nix requires it too).</summary>
    public const int OldestMinor = 4;

    public static int Major(ulong version) => (int)((version & 0xff00) >> 8);

    public static int Minor(ulong version) => (int)(version & 0x00ff);
}
