namespace ClinicMap.TestSupport;

/// <summary>Paths inside the repository, found by walking up from the test assembly to ClinicMap.sln.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>The national fever-clinic list of 2020 (samples/NOTICE.md).</summary>
    public static string NationalSample => Path.Combine(Samples, "national-fever-clinics-2020.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClinicMap.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"ClinicMap.sln not found above {AppContext.BaseDirectory}");
    }
}
