using ClinicMap.Api.Access;
using ClinicMap.Api.Apis;
using ClinicMap.Api.Http;
using ClinicMap.Api.Serving;
using ClinicMap.Data;
using ClinicMap.TestSupport;
using Microsoft.Extensions.Configuration;

namespace ClinicMap.Api.Tests;

/// <summary>samples/appsettings.example.json explains every setting: it must name real ones, and all of them.</summary>
public class SettingsExampleTests
{
    private static readonly Dictionary<string, Type> Sections = new()
    {
        [DatabaseOptions.Section] = typeof(DatabaseOptions),
        [ServingOptions.Section] = typeof(ServingOptions),
        [PublicLimitOptions.Section] = typeof(PublicLimitOptions),
        [WriteLimitOptions.Section] = typeof(WriteLimitOptions),
        [RequestLogOptions.Section] = typeof(RequestLogOptions),
        [MapOptions.Section] = typeof(MapOptions),
        [PublicUrlOptions.Section] = typeof(PublicUrlOptions),
        [Telemetry.MetricsOptions.Section] = typeof(Telemetry.MetricsOptions),
        [ShutdownOptions.Section] = typeof(ShutdownOptions),
    };

    [Fact]
    public void TheExampleNamesEveryOptionOfEverySectionAndNothingElse()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Samples, "appsettings.example.json")).Build();

        foreach (var (section, type) in Sections)
        {
            var keys = configuration.GetSection(section).GetChildren().Select(c => c.Key).Order().ToList();
            var properties = type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order().ToList();
            Assert.Equal(properties, keys);
        }
        // Embed's one option is a map from regions to origins, empty by default (its entries are checked at start).
        Assert.Equal(["AllowedOrigins"], configuration.GetSection(EmbedOptions.Section).GetChildren().Select(c => c.Key));
        Assert.Contains(nameof(EmbedOptions.AllowedOrigins), typeof(EmbedOptions).GetProperties().Select(p => p.Name));
        var known = Sections.Keys.Concat(["Urls", "Logging", "AllowedHosts", EmbedOptions.Section]).ToHashSet();
        Assert.All(configuration.GetChildren(), c => Assert.Contains(c.Key, known));
    }

    [Fact]
    public void TheExamplesValuesAreTheDefaults()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Samples, "appsettings.example.json")).Build();

        foreach (var (section, type) in Sections)
        {
            var defaults = Activator.CreateInstance(type)!;
            var bound = configuration.GetSection(section).Get(type)!;
            foreach (var property in type.GetProperties().Where(p => p.CanWrite))
                Assert.Equal(property.GetValue(defaults), property.GetValue(bound));
        }
    }
}
