namespace ClinicMap.Data.Access;

/// <summary>The actor may not do this here (outside its jurisdiction, or beyond its role); nothing changed. The API answers 403 with the message.</summary>
public sealed class AccessDeniedException(string message) : InvalidOperationException(message);
