namespace Omnia.Engines.Llama;

/// <summary>How model weights are brought into memory.</summary>
public enum ModelLoadMode
{
    /// <summary>
    /// Read the weights into anonymous memory. The default: on small VMs the kernel evicts memory-mapped model pages
    /// under pressure and decoding collapses (measured here: 88 tok/s read vs 0.6–2.9 tok/s mapped).
    /// </summary>
    Read,

    /// <summary>Memory-map the file (llama.cpp's default): instant start and shared pages, fine on machines with spare RAM.</summary>
    Mmap,
}
