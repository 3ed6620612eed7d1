using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Consistent hashing over the cache members: each member owns <c>virtualNodes</c> tokens on a 64-bit ring; a hash
/// part's preference list is the first R distinct members clockwise from its own token. A member joining or leaving
/// moves only the keys next to its tokens. Pure and immutable.
/// </summary>
public sealed class HashRing
{
    private readonly ulong[] _tokens;
    private readonly CacheMember[] _owners;

    private HashRing(IReadOnlyList<CacheMember> members, ulong[] tokens, CacheMember[] owners)
    {
        Members = members;
        _tokens = tokens;
        _owners = owners;
    }

    /// <summary>The members, sorted by id.</summary>
    public IReadOnlyList<CacheMember> Members { get; }

    /// <summary>A ring over <paramref name="members"/> (duplicates by id ignored), <paramref name="virtualNodes"/> tokens each.</summary>
    public static HashRing Build(IEnumerable<CacheMember> members, int virtualNodes)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(virtualNodes, 1);
        var distinct = members.DistinctBy(m => m.Id).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var points = distinct
            .SelectMany(member => Enumerable.Range(0, virtualNodes).Select(i => (Token: Token(string.Create(CultureInfo.InvariantCulture, $"{member.Id}#{i}")), Member: member)))
            .OrderBy(p => p.Token)
            .ThenBy(p => p.Member.Id, StringComparer.Ordinal)
            .ToList();
        return new HashRing(distinct, [.. points.Select(p => p.Token)], [.. points.Select(p => p.Member)]);
    }

    /// <summary>The first <paramref name="replicas"/> distinct members clockwise from the key (all members when fewer), in preference order.</summary>
    public IReadOnlyList<CacheMember> PreferenceList(string hashPart, int replicas)
    {
        ArgumentNullException.ThrowIfNull(hashPart);
        var wanted = Math.Min(replicas, Members.Count);
        var chosen = new List<CacheMember>(wanted);
        if (wanted <= 0)
        {
            return chosen;
        }

        var start = Array.BinarySearch(_tokens, Token(hashPart));
        start = start < 0 ? ~start : start;
        for (var step = 0; step < _tokens.Length && chosen.Count < wanted; step++)
        {
            var owner = _owners[(start + step) % _tokens.Length];
            if (!chosen.Contains(owner))
            {
                chosen.Add(owner);
            }
        }

        return chosen;
    }

    /// <summary>Whether <paramref name="member"/> is one of the key's <paramref name="replicas"/> replicas.</summary>
    public bool IsReplica(string hashPart, int replicas, CacheMember member) =>
        PreferenceList(hashPart, replicas).Any(m => m.Id == member.Id);

    /// <summary>The ring position of a text: the first 8 bytes of its SHA-256.</summary>
    public static ulong Token(string text) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
