namespace AsterFarm.Shared.Nar;

/// <summary>
/// Checks that a stream is one valid, canonical NAR and measures its NarHash and NarSize in the same pass, holding
/// no more than a buffer of it (for verifying uploads to the cache).
/// </summary>
public static class NarValidator
{
    /// <summary>Reads <paramref name="source"/> to its end; the result says whether it is a valid NAR, with hash and size if so.</summary>
    public static NarValidationResult Validate(Stream source, NarReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var hashing = new HashingReadStream(source);
        using var reader = new NarReader(hashing, options);
        try
        {
            while (reader.Read())
            {
                // Contents are skipped (and so hashed) by the next Read.
            }
        }
        catch (NarFormatException error)
        {
            return NarValidationResult.Invalid(error);
        }

        return NarValidationResult.Valid(hashing.GetHashAndSize());
    }
}
