using System.Runtime.InteropServices;

namespace Omnia.Engines.Classic.Espeak;

/// <summary>P/Invoke declarations for the parts of libespeak-ng's <c>speak_lib.h</c> API that Omnia uses.</summary>
/// <remarks>libespeak-ng keeps global state and is not thread-safe: only <see cref="EspeakWorker"/>'s thread calls these.</remarks>
internal static unsafe partial class EspeakNative
{
    public const string Library = "libespeak-ng.so.1";

    public const int AudioOutputSynchronous = 2;
    public const int InitializeDontExit = 0x8000;
    public const uint CharsUtf8 = 1;
    public const uint EndPause = 0x1000;
    public const int PositionCharacter = 1;

    public const int ParameterRate = 1;
    public const int ParameterVolume = 2;
    public const int ParameterPitch = 3;

    public const int ErrorOk = 0;

    /// <summary><c>espeak_TextToPhonemes</c>'s phoneme mode bit for IPA as UTF-8 instead of espeak-ng's ASCII names.</summary>
    public const int PhonemesIpa = 0x02;

    [StructLayout(LayoutKind.Sequential)]
    public struct Voice
    {
        public byte* Name;
        public byte* Languages;
        public byte* Identifier;
        public byte Gender;
        public byte Age;
        public byte Variant;
        public byte Reserved;
        public int Score;
        public void* Spare;
    }

    /// <summary>Returns the output sample rate, or -1 when the data directory cannot be read.</summary>
    [LibraryImport(Library, EntryPoint = "espeak_Initialize")]
    public static partial int Initialize(int output, int bufferLengthMs, byte* path, int options);

    [LibraryImport(Library, EntryPoint = "espeak_SetSynthCallback")]
    public static partial void SetSynthCallback(delegate* unmanaged<short*, int, void*, int> callback);

    [LibraryImport(Library, EntryPoint = "espeak_Synth")]
    public static partial int Synth(byte* text, nuint size, uint position, int positionType, uint endPosition,
        uint flags, uint* uniqueIdentifier, void* userData);

    [LibraryImport(Library, EntryPoint = "espeak_SetVoiceByName")]
    public static partial int SetVoiceByName(byte* name);

    [LibraryImport(Library, EntryPoint = "espeak_SetParameter")]
    public static partial int SetParameter(int parameter, int value, int relative);

    /// <summary>
    /// Translates the next clause at <c>*textPointer</c> into phonemes (owned by the library, valid until the next call)
    /// and advances <c>*textPointer</c> past it, or sets it to null at the end of the text.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "espeak_TextToPhonemes")]
    public static partial byte* TextToPhonemes(byte** textPointer, int textMode, int phonemeMode);

    /// <summary>Returns a null-terminated array of voices owned by the library (valid until the next call).</summary>
    [LibraryImport(Library, EntryPoint = "espeak_ListVoices")]
    public static partial Voice** ListVoices(Voice* voiceSpec);
}
