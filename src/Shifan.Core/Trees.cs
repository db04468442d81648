namespace Shifan.Core;

/// <summary>Walks a parent-linked tree (units, organisations) given each item's id and parent id.</summary>
public static class Trees
{
    /// <summary>True when placing <paramref name="id"/> under <paramref name="newParentId"/> would make a cycle.</summary>
    public static bool WouldCreateCycle<T>(IReadOnlyCollection<T> items, Func<T, int> idOf, Func<T, int?> parentOf, int id, int? newParentId)
    {
        var parents = items.ToDictionary(idOf, parentOf);
        var seen = new HashSet<int>();
        for (var p = newParentId; p is int pid && seen.Add(pid); p = parents.GetValueOrDefault(pid))
            if (pid == id) return true;
        return false;
    }

    /// <summary>The ids of <paramref name="rootId"/> and of every item below it.</summary>
    public static HashSet<int> Subtree<T>(IReadOnlyCollection<T> items, Func<T, int> idOf, Func<T, int?> parentOf, int rootId)
    {
        var children = items.Where(i => parentOf(i) is not null).ToLookup(i => parentOf(i)!.Value, idOf);
        var result = new HashSet<int>();
        var stack = new Stack<int>([rootId]);
        while (stack.TryPop(out var id))
            if (result.Add(id))
                foreach (var child in children[id]) stack.Push(child);
        return result;
    }
}
