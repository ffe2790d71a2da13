using System.CommandLine;
using ClinicMap.Data.Access;
using ClinicMap.Data.Subscriptions;

namespace ClinicMap.Import.Cli;

/// <summary>
/// <c>clinicmap-import subscribers add|list|deliveries</c>: partners' webhooks on the server's own command line (an
/// admin key does the same through <c>POST /api/v1/subscribers</c>). A new subscriber's signing secret is printed once.
/// </summary>
internal static class SubscribersCommand
{
    public static Command Build()
    {
        var name = new Option<string>("--name") { Description = "who receives, e.g. 某省健康码小程序", Required = true };
        var url = new Option<string>("--url") { Description = "where deliveries are POSTed (http or https)", Required = true };
        var scope = new Option<string>("--scope") { Description = "admin-code prefix of the changes it is told of: 44, 4401, or \"\" for the whole country", Required = true };
        var events = new Option<string[]>("--event") { Description = "dataset.published, clinic.status and/or source.batch (repeat)", Required = true, AllowMultipleArgumentsPerToken = true };
        var actor = new Option<string>("--actor") { Description = "who registers it, for the audit log", DefaultValueFactory = _ => Environment.UserName };
        var add = new Command("add", "register a subscriber and print its signing secret once") { name, url, scope, events, actor };
        add.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            try
            {
                var (subscriber, secret) = await new SubscriptionStore(dataSource).CreateAsync(Actor.Cli(parse.GetValue(actor)!), parse.GetValue(name)!,
                    parse.GetValue(url)!, parse.GetValue(scope)!, parse.GetValue(events)!, cancellationToken);
                Console.Error.WriteLine($"subscriber {subscriber.Id} ({subscriber.Name}): {string.Join(", ", subscriber.Events)} in {(subscriber.Scope.Length == 0 ? "the whole country" : subscriber.Scope)} to {subscriber.Url}; its signing secret is shown only now:");
                Console.WriteLine(secret);
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is ArgumentException or AccessDeniedException)
            {
                return CliSupport.Fail(e.Message);
            }
        });

        var list = new Command("list", "list subscribers (never their secrets)");
        list.SetAction(async (_, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            foreach (var s in await new SubscriptionStore(dataSource).ListAsync(cancellationToken))
                Console.WriteLine($"{s.Id}\t{(s.Scope.Length == 0 ? "*" : s.Scope)}\t{string.Join(",", s.Events)}\t{s.Url}\t{s.Name}\t{(s.RevokedAt is { } at ? $"revoked {at:u}" : "live")}");
            return ExitCodes.Success;
        });

        var id = new Argument<long>("ID") { Description = "the subscriber's id" };
        var deliveries = new Command("deliveries", "a subscriber's newest deliveries: state, attempts, last answer") { id };
        deliveries.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            foreach (var d in await new SubscriptionStore(dataSource).DeliveriesAsync(parse.GetValue(id), 100, cancellationToken))
                Console.WriteLine($"{d.Id}\t{d.Event}\t{d.State}\t{d.Attempts} attempt(s)\t{(d.LastStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")}\t{d.LastError ?? ""}\t{d.CreatedAt:u}");
            return ExitCodes.Success;
        });

        var revokeId = new Argument<long>("ID") { Description = "the subscriber's id" };
        var why = new Option<string?>("--why") { Description = "why, for the audit log" };
        var revoke = new Command("revoke", "stop telling a subscriber anything (its log stays)") { revokeId, why, actor };
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            await using var dataSource = await CliSupport.OpenDatabaseAsync(cancellationToken);
            return await new SubscriptionStore(dataSource).RevokeAsync(Actor.Cli(parse.GetValue(actor)!), parse.GetValue(revokeId), parse.GetValue(why), cancellationToken)
                ? ExitCodes.Success
                : CliSupport.Fail($"there is no live subscriber {parse.GetValue(revokeId)}");
        });

        return new Command("subscribers", "partners' webhooks: add, list, revoke, deliveries") { add, list, revoke, deliveries };
    }
}
