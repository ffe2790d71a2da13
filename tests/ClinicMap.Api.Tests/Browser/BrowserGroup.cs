namespace ClinicMap.Api.Tests.Browser;

/// <summary>The browser tests share one API on Kestrel and one Chromium.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
