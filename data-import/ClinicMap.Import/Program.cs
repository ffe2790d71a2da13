using ClinicMap.Import.Cli;

return await CliApp.RunAsync(args);
