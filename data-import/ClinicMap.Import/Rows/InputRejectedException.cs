namespace ClinicMap.Import.Rows;

/// <summary>
/// A file that cannot be read as a clinic list at all. The message names the file and, where it can, the
/// row and field; nothing from such a file is ever staged.
/// </summary>
public class InputRejectedException(string message, Exception? inner = null) : Exception(message, inner);
