using System.Diagnostics;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Cli;

/// <summary>The CLI as scripts/run.sh starts it: its own build output, with its own dependency manifest, on a given database.</summary>
internal static class CliProcess
{
    public static ProcessStartInfo StartInfo(string connection, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "data-import", "ClinicMap.Import", "bin", configuration, "net10.0", "clinicmap-import.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["CLINICMAP_DB"] = connection;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return start;
    }

    /// <summary>Runs the CLI to its end; its exit code, standard output and standard error.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(string connection, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Process.Start(StartInfo(connection, arguments, environment))!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
