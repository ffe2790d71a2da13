using ClinicMap.Data.Access;
using ClinicMap.TestSupport;

namespace ClinicMap.Data.Tests.Access;

/// <summary>Keys against the real PostGIS: a key is its token's secret, once; anything else is nobody.</summary>
public class ApiKeyStoreTests(PostgisDatabase database) : IClassFixture<PostgisDatabase>
{
    private readonly ApiKeyStore _store = new(database.DataSource);

    [Theory]
    [InlineData(ApiRole.Operator, "44")]
    [InlineData(ApiRole.Publisher, "4401")]
    [InlineData(ApiRole.Admin, "")]
    public async Task AKeyAuthenticatesAsItsNameRoleAndJurisdiction(ApiRole role, string jurisdiction)
    {
        var (key, token) = await _store.CreateAsync($"key {role} {jurisdiction}", role, jurisdiction, "tests");

        var actor = await _store.AuthenticateAsync(token);

        // The audit log names a key by its id and its name.
        Assert.Equal(new Actor($"key:{key.Id} ({key.Name})", role, jurisdiction), actor);
        Assert.Equal(key.Id, ApiKeyStore.IdOf(token));
        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM api_keys WHERE id = $1", key.Id));
        Assert.Equal(32, await database.ScalarAsync<int>("SELECT length(secret_sha256) FROM api_keys WHERE id = $1", key.Id)); // a hash, never the secret
    }

    public static TheoryData<string> NotKeys => new()
    {
        "",
        "cmk_",
        "cmk_short",
        "Bearer cmk_abcdefghij_x",
        "cmk_ABCDEFGHIJ_secret",
        "cmk_abcdefghij-secret",
        "cmk_abcdefghij_" + new string('s', 10_000),
        "cmk_abcdefghij_'; DROP TABLE api_keys; --",
    };

    [Theory]
    [MemberData(nameof(NotKeys))]
    public async Task ATokenThatIsNoLiveKeyIsNobody(string token) => Assert.Null(await _store.AuthenticateAsync(token));

    [Fact]
    public async Task AWrongSecretForARealIdAndARevokedKeyAreNobody()
    {
        var (key, token) = await _store.CreateAsync("soon revoked", ApiRole.Publisher, "11", "tests");
        var forged = token[..^3] + (token[^3..] == "aaa" ? "bbb" : "aaa");

        Assert.Null(await _store.AuthenticateAsync(forged));
        Assert.True(await _store.RevokeAsync(key.Id, "tests", "leaked"));
        Assert.Null(await _store.AuthenticateAsync(token));
        Assert.False(await _store.RevokeAsync(key.Id, "tests", "again"));
        Assert.NotNull((await _store.ListAsync()).Single(k => k.Id == key.Id).RevokedAt);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("44", true)]
    [InlineData("4401", true)]
    [InlineData("440106", true)]
    [InlineData("4", false)]
    [InlineData("44010", false)]
    [InlineData("4401061", false)]
    [InlineData("4a", false)]
    [InlineData(null, false)]
    public void AJurisdictionIsAPrefixOfWholeLevels(string? prefix, bool valid) => Assert.Equal(valid, ApiKeyStore.IsJurisdiction(prefix));
}
