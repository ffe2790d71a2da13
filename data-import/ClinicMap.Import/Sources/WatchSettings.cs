namespace ClinicMap.Import.Sources;

/// <summary>
/// How to watch one commission's notice pages (the <c>watch</c> section of its <c>source.json</c>): where its
/// notices are listed, which are lists of clinics, how far to page, how politely to fetch, and what its batches
/// may do. Every bound has a default; <see cref="Check"/> names the key that is wrong.
/// </summary>
public sealed record WatchSettings
{
    /// <summary>The notice index page(s) to poll (http or https).</summary>
    public IReadOnlyList<string> Index { get; init; } = [];

    /// <summary>A notice is relevant when its link text contains one of these.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = ["发热门诊", "定点医院", "定点救治医院", "发热诊室"];

    /// <summary>Or when its absolute URL matches this regular expression (optional).</summary>
    public string? LinkPattern { get; init; }

    /// <summary>
    /// Hosts besides the index pages' own that notices may link to (a commission's file server); their subdomains are
    /// included. A link to any other host is not followed: a page cannot send the watcher to an internal address.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Link texts that lead to the index's next page.</summary>
    public IReadOnlyList<string> NextPage { get; init; } = ["下一页", "下页", "next", "Next", ">"];

    /// <summary>How many index pages one poll reads, the first included.</summary>
    public int MaxPages { get; init; } = 3;

    /// <summary>How many notices one poll reads (newest first, as the index lists them).</summary>
    public int MaxNotices { get; init; } = 20;

    /// <summary>How many attachments of one notice are imported.</summary>
    public int MaxAttachments { get; init; } = 10;

    /// <summary>How often the source is polled.</summary>
    public double IntervalMinutes { get; init; } = 30;

    /// <summary>The least time between two requests to one host.</summary>
    public double PolitenessSeconds { get; init; } = 2;

    /// <summary>How long one request may take.</summary>
    public double TimeoutSeconds { get; init; } = 30;

    /// <summary>Further tries of a request that timed out, failed to connect or answered 5xx/429.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>The wait before the first retry; it doubles for each further one.</summary>
    public double RetryBackoffSeconds { get; init; } = 5;

    /// <summary>The largest download, in bytes (never above the pipeline's own limit).</summary>
    public long MaxBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>
    /// The admin-code prefix the source speaks for: rows outside it are rejected. <c>null</c> takes the source's
    /// <c>adminCode</c>; <c>""</c> is the whole country.
    /// </summary>
    public string? Jurisdiction { get; init; }

    /// <summary>Title word → the kind of its rows (定点 → designated-hospital); the first that appears wins, else the source's default kind.</summary>
    public IReadOnlyDictionary<string, string> Kinds { get; init; } = new Dictionary<string, string> { ["定点"] = "designated-hospital", ["发热门诊"] = "fever-clinic" };

    /// <summary><c>full</c>, <c>additions</c> or <c>removals</c> for every notice; <c>null</c> lets each notice's title say (default full).</summary>
    public string? Mode { get; init; }

    /// <summary>Whether a batch with no row in review and no closure to decide is published at once. Default: never.</summary>
    public bool PublishWithoutReview { get; init; }

    /// <summary>Whether <paramref name="url"/> is on an index page's host, an allowed host, or a subdomain of one.</summary>
    public bool MayFetch(Uri url)
    {
        static bool Under(string host, string allowed) =>
            host.Equals(allowed, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + allowed, StringComparison.OrdinalIgnoreCase);
        return Index.Select(i => new Uri(i).Host).Concat(AllowedHosts).Any(allowed => Under(url.Host, allowed));
    }

    /// <summary>The first setting that cannot work, named as in source.json, or <c>null</c>.</summary>
    public string? Check()
    {
        if (Index.Count == 0)
            return "watch.index: list at least one notice index URL";
        if (Index.FirstOrDefault(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) is { } bad)
            return $"watch.index: '{bad}' is not an http(s) URL";
        if (AllowedHosts.FirstOrDefault(h => Uri.CheckHostName(h) == UriHostNameType.Unknown) is { } host)
            return $"watch.allowedHosts: '{host}' is not a host name";
        if (Keywords.Count == 0 && LinkPattern is null)
            return "watch.keywords: give title keywords or a linkPattern, or every link would be a notice";
        if (LinkPattern is not null)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(LinkPattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                return $"watch.linkPattern: {e.Message}";
            }
        }
        if (MaxPages is < 1 or > 50 || MaxNotices is < 1 or > 500 || MaxAttachments is < 1 or > 50)
            return "watch.maxPages (1–50), maxNotices (1–500) and maxAttachments (1–50) bound the work of a poll";
        if (IntervalMinutes <= 0 || PolitenessSeconds < 0 || TimeoutSeconds <= 0 || Retries is < 0 or > 10 || RetryBackoffSeconds < 0)
            return "watch.intervalMinutes and timeoutSeconds must be positive, politenessSeconds and retryBackoffSeconds not negative, retries 0–10";
        if (MaxBytes < 1 || MaxBytes > Core.Imports.ImportLimits.MaxFileBytes)
            return $"watch.maxBytes: between 1 and {Core.Imports.ImportLimits.MaxFileBytes} (the pipeline's limit)";
        if (Mode is not null && !Core.Imports.ImportModeNames.TryParse(Mode, out _))
            return $"watch.mode: '{Mode}' is not full, additions or removals";
        if (Kinds.Values.FirstOrDefault(k => !Core.Clinics.ClinicKindNames.TryParse(k, out _)) is { } kind)
            return $"watch.kinds: '{kind}' is not fever-clinic, designated-hospital or fever-room";
        return null;
    }
}
