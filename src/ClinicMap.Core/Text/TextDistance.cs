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
}
