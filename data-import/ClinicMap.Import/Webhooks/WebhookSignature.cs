using System.Security.Cryptography;
using System.Text;

namespace ClinicMap.Import.Webhooks;

/// <summary>
/// How a delivery is signed, and how a receiver checks it: HMAC-SHA256 with the subscriber's secret over
/// <c>{timestamp}.{body}</c> (the <c>X-ClinicMap-Timestamp</c> header, a dot, the raw body bytes as sent), as lower-case
/// hex after <c>sha256=</c> in <c>X-ClinicMap-Signature</c>. A receiver recomputes it, compares in constant time, and
/// refuses a timestamp more than five minutes from its clock (a replayed delivery).
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-ClinicMap-Signature";
    public const string TimestampHeader = "X-ClinicMap-Timestamp";
    public const string EventHeader = "X-ClinicMap-Event";
    public const string DeliveryHeader = "X-ClinicMap-Delivery";

    public static string Sign(string secret, long timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>What a receiver does: true when <paramref name="signature"/> is this body's under <paramref name="secret"/>.</summary>
    public static bool Verify(string secret, long timestamp, string body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
