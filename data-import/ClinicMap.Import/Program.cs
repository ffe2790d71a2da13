using ClinicMap.Import.Cli;

return await CliApp.Build().Parse(args).InvokeAsync();
