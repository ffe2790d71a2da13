namespace ClinicMap.Api.OData;

/// <summary>A query that parses as OData but asks for something this service does not evaluate; answered 400 naming <see cref="Target"/>.</summary>
public sealed class ODataUnsupportedException(string target, string message) : Exception(message)
{
    /// <summary>The query option (<c>$filter</c>, <c>$orderby</c> …) that holds the unsupported part.</summary>
    public string Target { get; } = target;
}
