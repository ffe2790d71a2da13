namespace ClinicMap.Core.Text;

/// <summary>Small edit distances, for correcting misread names against known ones. Both are O(length).</summary>
public static class TextDistance
{
    /// <summary>How many positions differ between two strings of equal length; <see cref="int.MaxValue"/> when the lengths differ.</summary>
    public static int Substitutions(string a, string b)
    {
        if (a.Length != b.Length)
            return int.MaxValue;
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
                count++;
        }
        return count;
    }

    /// <summary>True when exactly one substitution, insertion or deletion turns <paramref name="a"/> into <paramref name="b"/>.</summary>
    public static bool OneEditApart(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1 || a == b)
            return false;
        if (a.Length == b.Length)
            return Substitutions(a, b) == 1;
        var (shorter, longer) = a.Length < b.Length ? (a, b) : (b, a);
        var i = 0;
        while (i < shorter.Length && shorter[i] == longer[i])
            i++;
        return shorter.AsSpan(i).SequenceEqual(longer.AsSpan(i + 1));
    }

    /// <summary>
    /// Levenshtein distance (substitutions, insertions, deletions), capped: any distance above <paramref name="limit"/>
    /// is returned as <c>limit + 1</c>, and strings whose lengths differ by more than the limit cost nothing to refuse.
    /// O(length_a × length_b), stopping early once every path exceeds the limit; names are short.
    /// </summary>
    public static int EditDistance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
            return limit + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                best = Math.Min(best, current[j]);
            }
            if (best > limit)
                return limit + 1;
            (previous, current) = (current, previous);
        }
        return Math.Min(previous[b.Length], limit + 1);
    }
}
