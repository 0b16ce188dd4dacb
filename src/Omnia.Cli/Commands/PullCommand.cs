using System.CommandLine;
using Omnia.Cli.Hosting;
using Omnia.Cli.Pull;
using Omnia.Models.Download;
using Omnia.Models;

namespace Omnia.Cli.Commands;

/// <summary><c>omnia pull NAME…</c>: downloads catalog models (and their projectors and companion files), resumable and verified.</summary>
internal static class PullCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("NAME") { Description = "Catalog names (`omnia models` lists them).", Arity = ArgumentArity.OneOrMore };
        var modelsDir = CommonOptions.ModelsDir();
        var token = HubOptions.Token();
        var endpoint = HubOptions.Endpoint();
        var hubCache = new Option<bool>("--hf-cache")
        {
            Description = "Store downloads in the Hugging Face cache ($HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub) " +
                          "as huggingface_hub lays them out, so other tools use them too; the models directory gets a link to each.",
        };
        var command = new Command("pull", "Download models from Hugging Face into the models directory: resumable, SHA-256 verified, several at once.")
        {
            names, modelsDir, token, endpoint, hubCache,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = ConfiguredModelStore.Open(parse.GetValue(modelsDir));
            try
            {
                var options = ModelDownloadOptions.FromEnvironment(parse.GetValue(endpoint), parse.GetValue(token)) with
                {
                    HubCacheDirectory = parse.GetValue(hubCache) ? ConfiguredModelStore.HubCacheDirectory() : null,
                };
                using var downloader = new ModelDownloader(store, options);
                var entries = downloader.Resolve(parse.GetValue(names)!);
                var progress = new TerminalPullProgress(Console.Out, interactive: !Console.IsOutputRedirected);
                var results = await downloader.PullAsync(entries, progress, cancellationToken);
                foreach (var failed in results.Where(r => r.Outcome == ModelPullOutcome.Failed))
                    await Console.Error.WriteLineAsync($"error: {failed.Error}");
                var ok = results.Where(r => r.Outcome != ModelPullOutcome.Failed).ToList();
                if (ok.Count > 0)
                    Console.WriteLine($"{ok.Count} of {results.Count} files ready in {store.Directory}" +
                                      (options.HubCacheDirectory is { } cache ? $" (downloads stored in the Hugging Face cache {cache})" : ""));
                return ok.Count == results.Count ? 0 : 1;
            }
            catch (Exception e) when (e is ModelNotFoundException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("interrupted: run the same command again to resume.");
                return 130;
            }
        });
        return command;
    }
}
