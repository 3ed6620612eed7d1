using System.Collections.Immutable;
using System.Text;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Signing;

/// <summary>
/// Nix's <c>trusted-public-keys</c>: public keys by name. A narinfo is trusted when at least one of its <c>Sig</c>
/// lines names a key here and verifies over the narinfo's own fingerprint; signatures by unknown names are ignored.
/// When two keys share a name the first is kept, as Nix does.
/// </summary>
public sealed class TrustedPublicKeys
{
    private readonly ImmutableDictionary<string, NixPublicKey> _keys;

    public TrustedPublicKeys(IEnumerable<NixPublicKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var builder = ImmutableDictionary.CreateBuilder<string, NixPublicKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            builder.TryAdd(key.Name, key);
        }

        _keys = builder.ToImmutable();
    }

    public IEnumerable<NixPublicKey> Keys => _keys.Values;

    /// <summary>Parses the setting's value: public keys separated by whitespace.</summary>
    public static TrustedPublicKeys Parse(string setting) =>
        TryParse(setting, out var keys, out var error) ? keys : throw new FormatException(error);

    public static bool TryParse(string setting, out TrustedPublicKeys keys, out string error)
    {
        ArgumentNullException.ThrowIfNull(setting);
        keys = null!;
        var parsed = new List<NixPublicKey>();
        foreach (var token in setting.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!NixPublicKey.TryParse(token, out var key, out error))
            {
                error = $"trusted-public-keys: {error}";
                return false;
            }

            parsed.Add(key);
        }

        keys = new TrustedPublicKeys(parsed);
        error = string.Empty;
        return true;
    }

    public bool TryGet(string name, out NixPublicKey key) => _keys.TryGetValue(name, out key!);

    /// <summary>Checks every <c>Sig</c> of <paramref name="narInfo"/> over its fingerprint.</summary>
    public SignatureVerification Verify(NarInfo narInfo, StoreDir? storeDir = null)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        var fingerprint = Encoding.UTF8.GetBytes(narInfo.Fingerprint(storeDir));
        return new SignatureVerification([.. narInfo.Signatures.Select(s => Check(s, fingerprint))]);
    }

    private SignatureCheck Check(string signature, byte[] fingerprint)
    {
        var colon = signature.IndexOf(':', StringComparison.Ordinal);
        var name = colon > 0 ? signature[..colon] : string.Empty;
        if (!_keys.TryGetValue(name, out var key))
        {
            return new SignatureCheck(signature, name, SignatureStatus.UnknownKey);
        }

        if (!NarSignature.TryParse(signature, out var parsed, out _))
        {
            return new SignatureCheck(signature, name, SignatureStatus.Malformed);
        }

        var status = key.Verify(fingerprint, parsed) ? SignatureStatus.Valid : SignatureStatus.Invalid;
        return new SignatureCheck(signature, name, status);
    }
}
