using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Omnia.Server.WebApp;

/// <summary>Serves the web app (built from <c>web/</c> into <c>wwwroot</c>) at <c>/</c>.</summary>
public static class WebAppExtensions
{
    /// <summary>The folder beside the server's binaries that <c>npm run build</c> fills.</summary>
    public const string FolderName = "wwwroot";

    // The page loads nothing from elsewhere; images are data URLs, played audio is a blob, voice mode a same-origin socket.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; " +
        "style-src 'self'; script-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Static files with an <c>index.html</c> fallback for every other non-API path. Vite's hashed assets are cached
    /// for good; <c>index.html</c> is revalidated, so a rebuilt app is picked up on the next load.
    /// </summary>
    public static WebApplication MapWebApp(this WebApplication app)
    {
        var root = Path.Combine(app.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath, FolderName);
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            app.MapGet("/", () => Results.Text(
                "Omnia's API is running, but the web app is not built: run ./omnia serve, or npm ci && npm run build in web/.\n"));
            return app;
        }

        var files = new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => AddHeaders(context.Context.Response, context.File.Name),
        };
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files.FileProvider });
        app.UseStaticFiles(files);
        app.MapFallbackToFile("index.html", files);
        return app;
    }

    private static void AddHeaders(HttpResponse response, string fileName)
    {
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        if (fileName == "index.html")
        {
            headers.CacheControl = "no-cache";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }
        else
        {
            headers.CacheControl = "public, max-age=31536000, immutable";
        }
    }
}
