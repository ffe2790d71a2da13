using System.CommandLine;
using ClinicMap.Data.Access;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import keys create|list|revoke</c>: API key management on the server's own command line (there is no
/// HTTP endpoint for it). A new key's token is printed once; only its SHA-256 is stored.
/// </summary>
internal static class KeysCommand
{
    public static Command Build()
    {
        var name = new Option<string>("--name") { Description = "who holds the key, e.g. 广东省卫生健康委员会", Required = true };
        var role = new Option<string>("--role") { Description = "reporter | operator | publisher | admin", Required = true };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "admin-code prefix the key acts in: 44, 4401, 440106, or \"\" for the whole country (not for a reporter)" };
        var clinics = new Option<string[]>("--clinic") { Description = "a reporter's clinic id (repeat, or several after one --clinic): the only clinics whose status it may report", AllowMultipleArgumentsPerToken = true };
        var actor = new Option<string>("--actor") { Description = "who creates it, for the audit log", DefaultValueFactory = _ => Environment.UserName };
        var create = new Command("create", "create a key and print its token once") { name, role, jurisdiction, clinics, actor };
        create.SetAction(async (parse, cancellationToken) =>
        {
            if (ApiRoleNames.FromWire(parse.GetValue(role)) is not { } parsedRole)
                return CliSupport.Fail($"--role: '{parse.GetValue(role)}' is not reporter, operator, publisher or admin");
            var clinicIds = new List<Guid>();
            foreach (var text in parse.GetValue(clinics) ?? [])
            {
                if (!Guid.TryParse(text, out var clinicId))
                    return CliSupport.Fail($"--clinic: '{text}' is not a clinic id (a UUID)");
                clinicIds.Add(clinicId);
            }
            if (parsedRole == ApiRole.Reporter && (clinicIds.Count == 0 || !string.IsNullOrEmpty(parse.GetValue(jurisdiction))))
                return CliSupport.Fail("a reporter key names its clinics with --clinic and has no --jurisdiction");
            if (parsedRole != ApiRole.Reporter && clinicIds.Count > 0)
                return CliSupport.Fail("--clinic is for reporter keys only");
            if (parsedRole != ApiRole.Reporter && !ApiKeyStore.IsJurisdiction(parse.GetValue(jurisdiction)))
                return CliSupport.Fail($"--jurisdiction: '{parse.GetValue(jurisdiction)}' is not an admin-code prefix of 2, 4 or 6 digits (or \"\" for the whole country)");
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            var store = new ApiKeyStore(dataSource);
            ApiKey key;
            string token;
            try
            {
                (key, token) = parsedRole == ApiRole.Reporter
                    ? await store.CreateReporterAsync(parse.GetValue(name)!, clinicIds, parse.GetValue(actor)!, cancellationToken)
                    : await store.CreateAsync(parse.GetValue(name)!, parsedRole, parse.GetValue(jurisdiction)!, parse.GetValue(actor)!, cancellationToken);
            }
            catch (ArgumentException e)
            {
                return CliSupport.Fail(e.Message);
            }
            var scope = key.Role == ApiRole.Reporter ? $"for clinics {string.Join(", ", key.ClinicIds)}"
                : $"in {(key.Jurisdiction.Length == 0 ? "the whole country" : key.Jurisdiction)}";
            Console.Error.WriteLine($"created key {key.Id} for {key.Name}: {key.Role.ToWire()} {scope}; the token is shown only now:");
            Console.WriteLine(token);
            return ExitCodes.Success;
        });

        var list = new Command("list", "list keys (never their tokens)");
        list.SetAction(async (_, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            foreach (var key in await new ApiKeyStore(dataSource).ListAsync(cancellationToken))
                Console.WriteLine($"{key.Id}\t{key.Role.ToWire()}\t{(key.Role == ApiRole.Reporter ? string.Join(",", key.ClinicIds) : key.Jurisdiction.Length == 0 ? "*" : key.Jurisdiction)}\t{key.Name}\t{(key.RevokedAt is { } at ? $"revoked {at:u}" : "live")}");
            return ExitCodes.Success;
        });

        var id = new Argument<string>("ID") { Description = "the key's id (the 10 characters after cmk_)" };
        var why = new Option<string?>("--why") { Description = "why, for the audit log" };
        var revoke = new Command("revoke", "revoke a key at once") { id, why, actor };
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            return await new ApiKeyStore(dataSource).RevokeAsync(parse.GetValue(id)!, parse.GetValue(actor)!, parse.GetValue(why), cancellationToken)
                ? ExitCodes.Success
                : CliSupport.Fail($"there is no live key {parse.GetValue(id)}");
        });

        return new Command("keys", "API keys: create, list, revoke") { create, list, revoke };
    }
}
