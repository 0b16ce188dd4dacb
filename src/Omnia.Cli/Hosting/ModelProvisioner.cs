using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnia.Catalog;
using Omnia.Cli.Pull;
using Omnia.Models;
using Omnia.Models.Download;

namespace Omnia.Cli.Hosting;

/// <summary>
/// Before the engines load, pulls the catalog files the configured models need (the catalog's defaults when no chat
/// model is configured) unless <see cref="ServeSettings.Offline"/>. What cannot be pulled is logged with the one
/// command that fixes it, and the server starts on what is installed. Links in the models directory that lead nowhere,
/// and folders of other tools' stores that cannot be read, are reported by name.
/// </summary>
/// <remarks>
/// Registered before the engine loaders, and hosted services start one after another, so the loaders see the pulled
/// files; the HTTP server starts listening after the pull, as llama.cpp's server does with <c>--hf-repo</c>.
/// </remarks>
internal sealed class ModelProvisioner(ServeSettings settings, ModelStore store, ILogger<ModelProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var dangling in store.List().Where(m => m.Status == ModelFileStatus.Dangling))
            logger.LogWarning("Model {Name}: {Reason}", dangling.Name, dangling.Problem ?? ModelFile.DanglingLinkMessage(dangling.Path));
        foreach (var unreadable in store.UnreadableDirectories)
            logger.LogWarning("Model folder {Path} cannot be read and is skipped: {Reason}", unreadable.Path, unreadable.Reason);
        var missing = Wanted().Where(e => ModelFile.Resolve(store.PathOf(e)) is null && store.VerifiedCopyElsewhere(e) is null).ToList();
        if (missing.Count == 0) return;
        if (settings.Offline)
        {
            ReportMissing(missing, "--offline");
            return;
        }

        ModelDownloadOptions options;
        try
        {
            options = ModelDownloadOptions.FromEnvironment(settings.HfEndpoint, settings.HfToken);
        }
        catch (ArgumentException e)
        {
            logger.LogError("Cannot pull models: {Reason}", e.Message);
            ReportMissing(missing, "no usable hub address");
            return;
        }

        logger.LogInformation("Pulling {Names} into {Directory} from {Endpoint}",
            string.Join(", ", missing.Select(e => e.Name)), store.Directory, options.Endpoint);
        using var downloader = new ModelDownloader(store, options);
        IReadOnlyList<ModelPullResult> results;
        try
        {
            results = await downloader.PullAsync(missing, new LoggingPullProgress(logger), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Pull interrupted by shutdown; it resumes at the next start (or run: omnia pull {Names}).", string.Join(' ', missing.Select(e => e.Name)));
            return;
        }
        foreach (var failed in results.Where(r => r.Outcome == ModelPullOutcome.Failed))
            logger.LogError("Pull failed: {Reason}", failed.Error);
        var stillMissing = results.Where(r => r.Outcome == ModelPullOutcome.Failed).Select(r => r.Entry).ToList();
        if (stillMissing.Count > 0) ReportMissing(stillMissing, "the pull failed");
    }

    /// <summary>
    /// The configured chat model when it is a catalog name, else the catalog's defaults, and the configured moderation
    /// model and image model when they are; each with what it needs.
    /// </summary>
    private IEnumerable<CatalogEntry> Wanted()
    {
        var roots = settings.ChatModel is { } spec
            ? store.Catalog.Find(spec) is { } entry ? [entry] : []
            : store.Catalog.Defaults.Select(name => store.Catalog.Find(name)!);
        if (settings.Moderation.Model is { } guard && store.Catalog.Find(guard) is { } guardEntry)
            roots = roots.Append(guardEntry);
        if (settings.ImageModel is { } image && store.Catalog.Find(image) is { } imageEntry)
            roots = roots.Append(imageEntry);
        return roots.SelectMany(store.Catalog.WithDependencies).Distinct();
    }

    private void ReportMissing(IReadOnlyList<CatalogEntry> missing, string reason) =>
        logger.LogWarning("Not installed ({Reason}): {Files}; starting on what is installed. Fix: omnia pull {Names}",
            reason, string.Join(", ", missing.Select(e => $"{e.Name} ({e.File})")), string.Join(' ', missing.Select(e => e.Name)));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
