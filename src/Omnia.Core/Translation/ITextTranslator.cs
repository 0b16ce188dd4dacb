namespace Omnia.Translation;

/// <summary>Machine translation of text between languages named by ISO 639-1 codes (<c>en</c>, <c>es</c>…).</summary>
public interface ITextTranslator
{
    string Name { get; }

    /// <summary>Whether this engine translates from <paramref name="from"/> to <paramref name="to"/>.</summary>
    bool Supports(string from, string to);

    Task<string> TranslateAsync(string text, string from, string to, CancellationToken cancellationToken = default);
}
