namespace Omnia.Audio;

/// <summary>The ffmpeg executable that compressed formats need is not installed or not on PATH.</summary>
public class FfmpegNotFoundException : Exception
{
    public FfmpegNotFoundException()
        : this("ffmpeg")
    {
    }

    public FfmpegNotFoundException(string executable)
        : base($"The audio codec '{executable}' was not found. Install it with: apt-get install ffmpeg")
    {
    }

    public FfmpegNotFoundException(string executable, Exception innerException)
        : base($"The audio codec '{executable}' was not found. Install it with: apt-get install ffmpeg", innerException)
    {
    }
}
