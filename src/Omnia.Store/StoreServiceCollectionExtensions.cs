using Microsoft.Extensions.DependencyInjection;
using Omnia.Storage;

namespace Omnia.Store;

/// <summary>Registers the store for the composition root.</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="StoreDatabase"/> at <paramref name="location"/> as <see cref="IResponseStore"/> and
    /// <see cref="IConversationStore"/>; the host calls <see cref="StoreDatabase.MigrateAsync"/> before it serves.
    /// </summary>
    public static IServiceCollection AddOmniaStore(this IServiceCollection services, StoreLocation location)
    {
        services.AddSingleton(new StoreDatabase(location));
        services.AddSingleton(sp => sp.GetRequiredService<StoreDatabase>().Responses);
        services.AddSingleton(sp => sp.GetRequiredService<StoreDatabase>().Conversations);
        return services;
    }
}
