namespace Omnia.WebApp.Tests;

/// <summary>
/// Injects timing only: a page script that hands each server-sent event of <c>/v1/chat/completions</c> to the app
/// after a delay, so a test sees the answer grow and can press Stop mid-answer. The events themselves are the real
/// server's, untouched. stories260K answers in milliseconds, faster than any click. The raw event stream is also kept
/// in <c>window.streamedBody</c>, so a test can compare what the page shows with what the server sent.
/// </summary>
internal static class StreamSlowingScript
{
    /// <summary>Delays each of the first <paramref name="events"/> events by <paramref name="milliseconds"/>; the rest pass at once.</summary>
    public static string DelayEvents(int milliseconds, int events = int.MaxValue) => """
        (() => {
          const realFetch = window.fetch.bind(window);
          window.fetch = async (input, init) => {
            const response = await realFetch(input, init);
            const url = typeof input === 'string' ? input : input.url;
            if (!url.endsWith('/v1/chat/completions') || !response.ok || !response.body) return response;
            const reader = response.body.getReader();
            const decoder = new TextDecoder();
            const encoder = new TextEncoder();
            const signal = init && init.signal;
            window.streamedBody = '';
            let pending = '';
            let delayed = 0;
            const body = new ReadableStream({
              async pull(controller) {
                for (;;) {
                  const end = pending.indexOf('\n\n');
                  if (end >= 0) {
                    if (delayed++ < EVENTS) await new Promise((resolve) => setTimeout(resolve, DELAY));
                    if (signal && signal.aborted) { controller.error(new DOMException('Aborted', 'AbortError')); return; }
                    controller.enqueue(encoder.encode(pending.slice(0, end + 2)));
                    pending = pending.slice(end + 2);
                    return;
                  }
                  const { value, done } = await reader.read();
                  if (done) { if (pending) controller.enqueue(encoder.encode(pending)); controller.close(); return; }
                  const text = decoder.decode(value, { stream: true });
                  pending += text;
                  window.streamedBody += text;
                }
              },
              cancel(reason) { return reader.cancel(reason); },
            });
            return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
          };
        })();
        """.Replace("DELAY", milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
          .Replace("EVENTS", events.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
