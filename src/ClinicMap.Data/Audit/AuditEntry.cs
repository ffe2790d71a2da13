namespace ClinicMap.Data.Audit;

/// <summary>One operator or publisher action. <paramref name="Before"/> and <paramref name="After"/> are serialised to JSON.</summary>
public sealed record AuditEntry(string Actor, string Action, string Entity, string? EntityId, object? Before, object? After, string? Reason);
