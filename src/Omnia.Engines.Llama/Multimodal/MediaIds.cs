using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using LLama.Native;

namespace Omnia.Engines.Llama.Multimodal;

/// <summary>
/// Names a bitmap with <c>mtmd_bitmap_set_id</c>, so its chunks carry the hash of the medium and the prompt cache can
/// match a repeated image or sound. LLamaSharp binds the function but does not expose it; it is called here from the
/// libmtmd LLamaSharp already loaded (the same handle, found by the module's path).
/// </summary>
internal static unsafe class MediaIds
{
    private static readonly Lazy<IntPtr> SetId = new(Resolve);

    public static void Assign(SafeMtmdEmbed embed, string id)
    {
        var setId = (delegate* unmanaged<IntPtr, byte*, void>)SetId.Value;
        var bytes = Encoding.UTF8.GetBytes(id + "\0");
        fixed (byte* text = bytes) setId(embed.DangerousGetHandle(), text);
    }

    private static IntPtr Resolve()
    {
        var path = Process.GetCurrentProcess().Modules.Cast<ProcessModule>()
            .Select(m => m.FileName)
            .FirstOrDefault(f => Path.GetFileName(f).StartsWith("libmtmd", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("libmtmd is not loaded.");
        return NativeLibrary.GetExport(NativeLibrary.Load(path), "mtmd_bitmap_set_id");
    }
}
