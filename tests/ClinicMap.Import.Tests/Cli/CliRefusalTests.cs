using System.Diagnostics;
using ClinicMap.Import.Cli;
using ClinicMap.TestSupport;

namespace ClinicMap.Import.Tests.Cli;

/// <summary>
/// The CLI as a user runs it (its own process) meeting refusals it should expect: each is one line that says what to
/// do, and exit 2 — never "Unhandled exception" and a stack trace.
/// </summary>
public sealed class CliRefusalTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private static Task<(int Exit, string Error)> RunAsync(string connection, params string[] arguments) => RunAsync(connection, null, arguments);

    private static async Task<(int Exit, string Error)> RunAsync(string connection, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var (exit, _, error) = await CliProcess.RunAsync(connection, arguments, environment);
        return (exit, error);
    }

    private static void AssertOneClearLine(string error, string expected)
    {
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublishRefusedWhileRowsWaitForReviewSaysSoAndExits2()
    {
        // The national list has rows that need review: publishing without --force is refused.
        var (exit, error) = await RunAsync(database.ConnectionString, "import", RepositoryPaths.NationalSample, "--publisher", "各省卫健委", "--json", "--publish");

        Assert.Equal(ExitCodes.Refused, exit);
        AssertOneClearLine(error, "publish refused:");
        Assert.Contains("need review", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReporterKeyNamesClinicsThatExistAndNothingElse()
    {
        var clinic = Guid.NewGuid();
        await database.ScalarAsync<string>("INSERT INTO clinics (id) VALUES ($1::uuid) RETURNING id::text", clinic.ToString());
        var unknown = Guid.NewGuid();

        var refusals = new (string[] Arguments, string Expected)[]
        {
            (["keys", "create", "--name", "某医院", "--role", "reporter"], "names its clinics with --clinic"),
            (["keys", "create", "--name", "某医院", "--role", "reporter", "--clinic", clinic.ToString(), "--jurisdiction", "44"], "has no --jurisdiction"),
            (["keys", "create", "--name", "某医院", "--role", "reporter", "--clinic", "not-a-uuid"], "is not a clinic id"),
            (["keys", "create", "--name", "某医院", "--role", "reporter", "--clinic", unknown.ToString()], $"no clinic has the id {unknown}"),
            (["keys", "create", "--name", "某卫健委", "--role", "operator", "--jurisdiction", "44", "--clinic", clinic.ToString()], "--clinic is for reporter keys only"),
        };
        foreach (var (arguments, expected) in refusals)
        {
            var (exit, error) = await RunAsync(database.ConnectionString, arguments);
            Assert.NotEqual(0, exit);
            AssertOneClearLine(error, expected);
        }
        Assert.Equal(0L, await database.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE role = 'reporter'"));

        var (created, said) = await RunAsync(database.ConnectionString, "keys", "create", "--name", "某医院发热门诊", "--role", "reporter", "--clinic", clinic.ToString());
        Assert.Equal(0, created);
        Assert.Contains($"reporter for clinics {clinic}", said, StringComparison.Ordinal);
        Assert.Equal(clinic.ToString(), await database.ScalarAsync<string>("SELECT clinic_ids[1]::text FROM api_keys WHERE role = 'reporter' AND name = '某医院发热门诊'"));
    }

    [Fact]
    public async Task NoDatabaseSaysHowToStartOneAndExits2()
    {
        var (exit, error) = await RunAsync("Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2", "keys", "list");

        Assert.Equal(ExitCodes.Refused, exit);
        AssertOneClearLine(error, "the database does not answer");
    }

    [Theory]
    [InlineData("ocr")]
    [InlineData("worker")]
    public async Task AMissingOcrModelStopsTheCommandAtStartUpNamingTheFile(string command)
    {
        var empty = Directory.CreateTempSubdirectory("clinicmap-models-");
        try
        {
            string[] arguments = command == "ocr" ? ["ocr", Path.Combine(RepositoryPaths.Samples, "shiyan-fever-clinics.png")] : ["worker", "--once"];
            var (exit, error) = await RunAsync(database.ConnectionString, new Dictionary<string, string> { ["CLINICMAP_OCR_MODELS"] = empty.FullName }, arguments);

            Assert.Equal(ExitCodes.Refused, exit);
            AssertOneClearLine(error, "cannot read images: the OCR model file");
            Assert.Contains(empty.FullName, error, StringComparison.Ordinal);
            Assert.Contains("scripts/provision.sh", error, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
