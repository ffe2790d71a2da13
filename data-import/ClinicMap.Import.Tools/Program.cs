using System.CommandLine;
using ClinicMap.Import.Tools.Cli;

var root = new RootCommand("clinicmap-tools: build ClinicMap's embedded data and measure its OCR (development only)");
root.Subcommands.Add(GazetteerCommand.Build());
root.Subcommands.Add(OcrBenchCommand.Build());
return await root.Parse(args).InvokeAsync();
