namespace ClinicMap.Data.Datasets;

/// <summary>A publish that was refused before anything changed; the message says why.</summary>
public sealed class PublishRefusedException(string message) : InvalidOperationException(message);
