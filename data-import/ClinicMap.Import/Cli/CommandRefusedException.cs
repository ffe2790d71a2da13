namespace ClinicMap.Import.Cli;

/// <summary>A command that cannot go on for a reason its user can act on (the database lacks migrations): one line, exit 2, no stack.</summary>
public sealed class CommandRefusedException(string message) : Exception(message);
