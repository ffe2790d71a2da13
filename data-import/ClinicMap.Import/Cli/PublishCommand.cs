using System.CommandLine;
using ClinicMap.Data.Access;
using ClinicMap.Data.Datasets;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import publish [--batch N …] [--note …] [--force REASON]</c> and <c>clinicmap-import rollback VERSION --reason …</c>:
/// the command line's publish (as an administrator for the whole country) and rollback. Exit 0 when published,
/// 1 when refused (the reason is printed; nothing changed).
/// </summary>
internal static class PublishCommand
{
    public static Command Build()
    {
        var batches = new Option<long[]>("--batch") { Description = "the batches to publish (default: every staged batch)", AllowMultipleArgumentsPerToken = true };
        var note = new Option<string?>("--note") { Description = "a note kept with the version" };
        var force = new Option<string?>("--force") { Description = "publish although rows still need review, for this stated reason (they stay out until resolved)" };
        var actor = new Option<string>("--actor") { Description = "who publishes, for the audit log", DefaultValueFactory = _ => Environment.UserName };
        var publish = new Command("publish", "publish a new dataset version from staged batches") { batches, note, force, actor };
        publish.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            var ids = parse.GetValue(batches) is { Length: > 0 } given ? given : null;
            try
            {
                var version = await new DatasetStore(dataSource).PublishAsync(Actor.Cli(parse.GetValue(actor)!), ids, parse.GetValue(note), parse.GetValue(force), cancellationToken);
                Console.WriteLine($"published dataset version {version.Version} with {version.ClinicCount:N0} clinics");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is PublishRefusedException or AccessDeniedException)
            {
                return CliSupport.Fail($"not published: {e.Message}");
            }
        });
        return publish;
    }

    public static Command BuildRollback()
    {
        var version = new Argument<int>("VERSION") { Description = "the earlier version whose content becomes current again" };
        var reason = new Option<string>("--reason") { Description = "why (required; kept in the version's note and the audit log)", Required = true };
        var actor = new Option<string>("--actor") { Description = "who rolls back, for the audit log", DefaultValueFactory = _ => Environment.UserName };
        var rollback = new Command("rollback", "publish an earlier version's content as a new version") { version, reason, actor };
        rollback.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            try
            {
                var published = await new DatasetStore(dataSource).RollbackAsync(Actor.Cli(parse.GetValue(actor)!), parse.GetValue(version), parse.GetValue(reason)!, cancellationToken);
                Console.WriteLine($"published dataset version {published.Version} with the content of version {parse.GetValue(version)} ({published.ClinicCount:N0} clinics)");
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is PublishRefusedException or AccessDeniedException)
            {
                return CliSupport.Fail($"not rolled back: {e.Message}");
            }
        });
        return rollback;
    }
}
