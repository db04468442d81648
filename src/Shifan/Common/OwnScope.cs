namespace Shifan;

/// <summary>
/// For components that render beside others (the header bell, panels of a page): static rendering starts
/// sibling components' initialisation concurrently, and one DbContext must never serve two at once, so such a
/// component asks its services from a scope of its own.
/// </summary>
public static class OwnScope
{
    public static async Task<T> RunAsync<TService, T>(this IServiceScopeFactory scopes, Func<TService, Task<T>> work) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
