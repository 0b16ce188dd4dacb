using System.CommandLine;
using System.Diagnostics;
using System.Drawing;
using Microsoft.Extensions.AI;
using Omnia.Engines.Onnx.Diffusion;
using Omnia.Images;
using Omnia.Tests;

namespace Omnia.Bench;

/// <summary>
/// Seconds per image of the in-process diffusion engine by steps and size, on the tests' generated-graph export (real
/// names and shapes, trivial arithmetic inside): with the graphs nearly free, the time outside ONNX Runtime's
/// <c>Run</c> is the pipeline's own overhead (tokenizing, noise, scheduler, tensor copies, VAE output to PNG), which a
/// real SD-Turbo adds on top of its graphs' time. PNG encoding is shown apart: it is most of that overhead. Edits
/// (image-to-image) are timed by strength at the largest step count: they run ceil(steps × strength) UNet steps plus
/// the VAE encoder and the upload's decoding.
/// </summary>
internal static class ImagesBench
{
    public static Command Command()
    {
        var steps = new Option<string>("--steps") { Description = "Step counts.", DefaultValueFactory = _ => "1,2,4" };
        var sizes = new Option<string>("--sizes") { Description = "Square sides in pixels.", DefaultValueFactory = _ => "256,512,1024" };
        var repeats = new Option<int>("--repeats") { Description = "Images per cell, after one warm-up.", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var strengths = new Option<string>("--strengths") { Description = "Edit strengths (image-to-image); empty for none.", DefaultValueFactory = _ => "0.25,0.5,0.75,1" };
        var command = new Command("images", "Seconds per image by steps and size on the generated-graph diffusion pipeline, and its overhead beside ONNX Runtime's time.")
        {
            steps, sizes, repeats, threads, strengths,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var model = new DiffusionTestModel();
            using var generator = new OnnxDiffusionImageGenerator(DiffusionModelFiles.FromExportDirectory(model.Directory),
                new OnnxDiffusionOptions { Threads = parse.GetValue(threads) });
            var table = new MarkdownTable("steps", "size", "ms / image", "ONNX Runtime ms", "PNG encode ms", "rest of pipeline ms", "outside ONNX Runtime");
            var n = parse.GetValue(repeats);
            foreach (var side in parse.GetValue(sizes)!.Split(',').Select(int.Parse))
            {
                foreach (var count in parse.GetValue(steps)!.Split(',').Select(int.Parse))
                {
                    var options = new ImageGenerationOptions
                    {
                        ImageSize = new Size(side, side),
                        AdditionalProperties = new() { [ImageProperties.Seed] = 1L, [ImageProperties.Steps] = count },
                    };
                    await generator.GenerateAsync(new ImageGenerationRequest("a cat and a dog"), options, cancellationToken);
                    var graphBefore = generator.GraphTime;
                    var encodeBefore = generator.EncodeTime;
                    var started = Stopwatch.GetTimestamp();
                    for (var i = 0; i < n; i++) await generator.GenerateAsync(new ImageGenerationRequest("a cat and a dog"), options, cancellationToken);
                    var whole = Stopwatch.GetElapsedTime(started).TotalMilliseconds / n;
                    var graphs = (generator.GraphTime - graphBefore).TotalMilliseconds / n;
                    var encode = (generator.EncodeTime - encodeBefore).TotalMilliseconds / n;
                    Console.Error.WriteLine($"{count} steps, {side}x{side}: {whole:F1} ms per image, {graphs:F1} ms in ONNX Runtime");
                    table.Add(count, $"{side}x{side}", whole, graphs, encode, whole - graphs - encode, (whole - graphs) / whole);
                }
            }
            Console.Out.Write($"Generated-graph SD export, {n} images per row after a warm-up, {parse.GetValue(threads)} threads\n\n{table}");
            var edits = parse.GetValue(strengths)!.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (edits.Count == 0) return;
            var editSteps = parse.GetValue(steps)!.Split(',').Select(int.Parse).Max();
            var editTable = new MarkdownTable("strength", "steps run", "size", "ms / edit", "ONNX Runtime ms", "outside ONNX Runtime");
            foreach (var side in parse.GetValue(sizes)!.Split(',').Select(int.Parse))
            {
                var request = new ImageGenerationRequest("a cat and a dog") { OriginalImages = [new DataContent(TestPictures.Blocks(side, side), "image/png")] };
                foreach (var strength in edits)
                {
                    var options = new ImageGenerationOptions
                    {
                        ImageSize = new Size(side, side),
                        AdditionalProperties = new() { [ImageProperties.Seed] = 1L, [ImageProperties.Steps] = editSteps, [ImageProperties.Strength] = strength },
                    };
                    await generator.GenerateAsync(request, options, cancellationToken);
                    var graphBefore = generator.GraphTime;
                    var started = Stopwatch.GetTimestamp();
                    for (var i = 0; i < n; i++) await generator.GenerateAsync(request, options, cancellationToken);
                    var whole = Stopwatch.GetElapsedTime(started).TotalMilliseconds / n;
                    var graphs = (generator.GraphTime - graphBefore).TotalMilliseconds / n;
                    Console.Error.WriteLine($"edit at strength {strength}, {side}x{side}: {whole:F1} ms per image");
                    editTable.Add(strength, (int)Math.Ceiling(editSteps * strength), $"{side}x{side}", whole, graphs, (whole - graphs) / whole);
                }
            }
            Console.Out.Write($"\nEdits (image-to-image) of a {editSteps}-step schedule by strength, same export\n\n{editTable}");
        });
        return command;
    }
}
