using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
using Omnia.Speech;

namespace Omnia.Engines.Classic.Espeak;

/// <summary>The one thread in the process that talks to libespeak-ng, fed by a bounded queue.</summary>
/// <remarks>
/// libespeak-ng keeps its voice, parameters and output callback in globals and hung when initialised a second
/// time, so it is initialised once per process on this thread and every call goes through here. Work items are
/// small (one sentence each), so concurrent requests interleave instead of waiting for each other's whole text; a
/// cancelled item is skipped when it reaches the front, and its caller is released at once.
/// </remarks>
internal sealed class EspeakWorker
{
    public static readonly IReadOnlyList<string> DebianPackages = ["libespeak-ng1", "espeak-ng-data"];

    private const int QueueCapacity = 256;
    private const string ClausePunctuation = ".,?!;:";
    private static readonly Lazy<EspeakWorker> SharedInstance = new(() => new EspeakWorker());

    // Set only on the worker thread around espeak_Synth, which calls back synchronously on the same thread.
    private static Synthesis? current;

    private readonly Channel<WorkItem> queue = Channel.CreateBounded<WorkItem>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private IReadOnlyList<EspeakVoice>? voices;
    private string? loadedVoice;

    private EspeakWorker()
    {
        NativeLibraryProbe.EnsureLoadable("espeak-ng", EspeakNative.Library, DebianPackages);
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Run(started)) { IsBackground = true, Name = "espeak-ng synthesis" };
        thread.Start();
        SampleRate = started.Task.GetAwaiter().GetResult();
    }

    /// <summary>The process-wide worker; starting it throws <see cref="DebianPackageMissingException"/> when espeak-ng is absent.</summary>
    public static EspeakWorker Shared => SharedInstance.Value;

    /// <summary>The rate of the PCM that espeak-ng produces (22050 Hz for its own voices).</summary>
    public int SampleRate { get; }

    /// <summary>Synthesizes <paramref name="text"/> as 16-bit mono PCM at <see cref="SampleRate"/>.</summary>
    public Task<short[]> SynthesizeAsync(string text, EspeakSpeechSettings settings, CancellationToken cancellationToken) =>
        EnqueueAsync(new SynthesizeItem(text, settings, cancellationToken));

    /// <summary>Translates each sentence of <paramref name="text"/> into IPA phonemes with <paramref name="voice"/>'s rules.</summary>
    public Task<IReadOnlyList<PhonemizedSentence>> PhonemizeAsync(string text, string voice, CancellationToken cancellationToken) =>
        EnqueueAsync(new PhonemizeItem(text, voice, cancellationToken));

    /// <summary>Lists the voices in espeak-ng-data.</summary>
    public Task<IReadOnlyList<EspeakVoice>> ListVoicesAsync(CancellationToken cancellationToken) =>
        EnqueueAsync(new ListVoicesItem(cancellationToken));

    private async Task<T> EnqueueAsync<T>(WorkItem<T> item)
    {
        await queue.Writer.WriteAsync(item, item.CancellationToken);
        return await item.Task;
    }

    private unsafe void Run(TaskCompletionSource<int> started)
    {
        int sampleRate;
        try
        {
            sampleRate = EspeakNative.Initialize(EspeakNative.AudioOutputSynchronous, 0, null, EspeakNative.InitializeDontExit);
        }
        catch (Exception e)
        {
            started.SetException(e);
            return;
        }
        if (sampleRate <= 0)
        {
            started.SetException(new DebianPackageMissingException("espeak-ng", "espeak-ng-data", DebianPackages));
            return;
        }
        EspeakNative.SetSynthCallback(&OnSynthesized);
        started.SetResult(sampleRate);

        var reader = queue.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var item))
            {
                item.Execute(this);
            }
        }
    }

    [UnmanagedCallersOnly]
    private static unsafe int OnSynthesized(short* samples, int count, void* events)
    {
        var synthesis = current;
        if (synthesis is null)
        {
            return 0;
        }
        if (samples != null && count > 0)
        {
            synthesis.Output.Write(new ReadOnlySpan<short>(samples, count));
        }
        // A non-zero return asks espeak-ng to stop this synthesis: a cancelled caller stops mid-sentence.
        return synthesis.CancellationToken.IsCancellationRequested ? 1 : 0;
    }

    private unsafe short[] Synthesize(string text, EspeakSpeechSettings settings, CancellationToken cancellationToken)
    {
        Apply(settings);
        var utf8 = Encoding.UTF8.GetBytes(text.Replace('\0', ' ') + "\0");
        var synthesis = new Synthesis(cancellationToken);
        current = synthesis;
        try
        {
            fixed (byte* textPointer = utf8)
            {
                var status = EspeakNative.Synth(textPointer, (nuint)utf8.Length, 0, EspeakNative.PositionCharacter, 0,
                    EspeakNative.CharsUtf8 | EspeakNative.EndPause, null, null);
                if (status != EspeakNative.ErrorOk)
                {
                    throw new InvalidOperationException($"espeak-ng failed to synthesize the text (espeak_Synth returned {status}).");
                }
            }
        }
        finally
        {
            current = null;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return synthesis.Output.WrittenSpan.ToArray();
    }

    private IReadOnlyList<PhonemizedSentence> Phonemize(string text, string voice)
    {
        LoadVoice(voice);
        var sentences = new List<PhonemizedSentence>();
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            var phonemes = PhonemizeSentence(sentence);
            if (phonemes.Length > 0)
            {
                sentences.Add(new PhonemizedSentence(sentence, phonemes));
            }
        }
        return sentences;
    }

    // espeak_TextToPhonemes drops punctuation, which Piper voices were trained with (and in 1.51 does not stop at
    // commas), so the sentence is cut into clauses here and each clause's punctuation is put after its phonemes.
    private static string PhonemizeSentence(string sentence)
    {
        var phonemes = new StringBuilder();
        foreach (var clause in Clauses(sentence))
        {
            var spoken = PhonemizeClause(clause);
            if (spoken.Length == 0)
            {
                continue;
            }
            phonemes.Append(spoken);
            var last = clause.TrimEnd()[^1];
            if (ClausePunctuation.Contains(last))
            {
                phonemes.Append(last);
            }
            phonemes.Append(' ');
        }
        return phonemes.ToString().TrimEnd();
    }

    private static IEnumerable<string> Clauses(string sentence)
    {
        var start = 0;
        for (var i = 0; i < sentence.Length; i++)
        {
            if (ClausePunctuation.Contains(sentence[i]) && (i + 1 == sentence.Length || char.IsWhiteSpace(sentence[i + 1])))
            {
                yield return sentence[start..(i + 1)];
                start = i + 1;
            }
        }
        if (start < sentence.Length && !string.IsNullOrWhiteSpace(sentence[start..]))
        {
            yield return sentence[start..];
        }
    }

    private static unsafe string PhonemizeClause(string clause)
    {
        var utf8 = Encoding.UTF8.GetBytes(clause.Replace('\0', ' ') + "\0");
        var words = new List<string>();
        fixed (byte* start = utf8)
        {
            var cursor = start;
            // Each call translates what espeak-ng takes for one clause and advances the cursor, or nulls it at the end.
            while (cursor != null && *cursor != 0)
            {
                var before = cursor;
                var phonemes = Marshal.PtrToStringUTF8((nint)EspeakNative.TextToPhonemes(&cursor, (int)EspeakNative.CharsUtf8, EspeakNative.PhonemesIpa));
                if (!string.IsNullOrWhiteSpace(phonemes))
                {
                    words.Add(phonemes.Trim());
                }
                if (cursor == before)
                {
                    break;
                }
            }
        }
        return string.Join(' ', words);
    }

    private unsafe void Apply(EspeakSpeechSettings settings)
    {
        LoadVoice(settings.Voice);
        // Loading a voice resets prosody, and requests differ in it, so the parameters are set for every piece.
        SetParameter(EspeakNative.ParameterRate, settings.WordsPerMinute);
        SetParameter(EspeakNative.ParameterPitch, settings.Pitch);
        SetParameter(EspeakNative.ParameterVolume, settings.Volume);
    }

    private unsafe void LoadVoice(string voice)
    {
        var file = EspeakVoiceResolver.Resolve(voice, Voices()) ?? throw UnknownVoice(voice);
        if (file != loadedVoice)
        {
            loadedVoice = null;
            var name = Encoding.UTF8.GetBytes(file + "\0");
            int status;
            fixed (byte* namePointer = name)
            {
                status = EspeakNative.SetVoiceByName(namePointer);
            }
            if (status != EspeakNative.ErrorOk)
            {
                throw UnknownVoice(voice);
            }
            loadedVoice = file;
        }
    }

    private IReadOnlyList<EspeakVoice> Voices() => voices ??= ListVoices();

    private static void SetParameter(int parameter, int value)
    {
        var status = EspeakNative.SetParameter(parameter, value, 0);
        if (status != EspeakNative.ErrorOk)
        {
            throw new InvalidOperationException($"espeak-ng rejected parameter {parameter} = {value} (status {status}).");
        }
    }

    private ArgumentException UnknownVoice(string voice)
    {
        var languages = Voices().Select(v => v.Languages.Count > 0 ? v.Languages[0] : v.Identifier)
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
        return new ArgumentException(
            $"Unknown espeak-ng voice '{voice}'. Use one of the installed languages or a voice name: {string.Join(", ", languages)}.",
            nameof(voice));
    }

    private static unsafe List<EspeakVoice> ListVoices()
    {
        var voices = new List<EspeakVoice>();
        var list = EspeakNative.ListVoices(null);
        for (var entry = list; entry != null && *entry != null; entry++)
        {
            var voice = *entry;
            voices.Add(new EspeakVoice(
                Marshal.PtrToStringUTF8((nint)voice->Name) ?? "",
                Marshal.PtrToStringUTF8((nint)voice->Identifier) ?? "",
                ParseLanguages(voice->Languages)));
        }
        return voices;
    }

    // The list is pairs of (priority byte, zero-terminated tag), ended by a zero priority byte.
    private static unsafe List<string> ParseLanguages(byte* languages)
    {
        var tags = new List<string>();
        if (languages == null)
        {
            return tags;
        }
        var cursor = languages;
        while (*cursor != 0)
        {
            var tag = Marshal.PtrToStringUTF8((nint)(cursor + 1)) ?? "";
            tags.Add(tag);
            cursor += 1 + Encoding.UTF8.GetByteCount(tag) + 1;
        }
        return tags;
    }

    private sealed class Synthesis(CancellationToken cancellationToken)
    {
        public ArrayBufferWriter<short> Output { get; } = new();

        public CancellationToken CancellationToken { get; } = cancellationToken;
    }

    private abstract class WorkItem(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public abstract void Execute(EspeakWorker worker);
    }

    private abstract class WorkItem<T> : WorkItem
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration registration;

        protected WorkItem(CancellationToken cancellationToken)
            : base(cancellationToken)
        {
            // Cancellation releases the caller at once; the worker then skips the item when it reaches the front.
            registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        }

        public Task<T> Task => completion.Task;

        public sealed override void Execute(EspeakWorker worker)
        {
            try
            {
                CancellationToken.ThrowIfCancellationRequested();
                completion.TrySetResult(Run(worker));
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(CancellationToken);
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
            }
            finally
            {
                registration.Dispose();
            }
        }

        protected abstract T Run(EspeakWorker worker);
    }

    private sealed class SynthesizeItem(string text, EspeakSpeechSettings settings, CancellationToken cancellationToken)
        : WorkItem<short[]>(cancellationToken)
    {
        protected override short[] Run(EspeakWorker worker) => worker.Synthesize(text, settings, CancellationToken);
    }

    private sealed class PhonemizeItem(string text, string voice, CancellationToken cancellationToken)
        : WorkItem<IReadOnlyList<PhonemizedSentence>>(cancellationToken)
    {
        protected override IReadOnlyList<PhonemizedSentence> Run(EspeakWorker worker) => worker.Phonemize(text, voice);
    }

    private sealed class ListVoicesItem(CancellationToken cancellationToken) : WorkItem<IReadOnlyList<EspeakVoice>>(cancellationToken)
    {
        protected override IReadOnlyList<EspeakVoice> Run(EspeakWorker worker) => worker.Voices();
    }
}
