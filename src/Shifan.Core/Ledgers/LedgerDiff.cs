namespace Shifan.Core.Ledgers;

/// <summary>One difference between two revisions of a ledger.</summary>
public sealed record LedgerChange(string Code, string Field, string Before, string After);

public static class LedgerDiff
{
    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>, line by line (by indicator).</summary>
    public static IReadOnlyList<LedgerChange> Between(Ledger before, Ledger after)
    {
        var changes = new List<LedgerChange>();
        void Field(string code, string name, string? a, string? b)
        {
            if ((a ?? "") != (b ?? "")) changes.Add(new LedgerChange(code, name, a ?? "", b ?? ""));
        }
        Field("", "填报人", before.Filler, after.Filler);
        Field("", "联系方式", before.Contact, after.Contact);
        var old = before.Entries.ToDictionary(e => e.NodeId);
        foreach (var e in after.Entries.OrderBy(e => e.SortOrder))
        {
            if (!old.Remove(e.NodeId, out var o)) { changes.Add(new LedgerChange(e.Code, "新增指标", "", e.Title)); continue; }
            Field(e.Code, "完成进度", LedgerEntry.ProgressName(o.Progress), LedgerEntry.ProgressName(e.Progress));
            Field(e.Code, "完成情况", o.Note, e.Note);
            Field(e.Code, "上报材料", o.Materials, e.Materials);
        }
        foreach (var o in old.Values.OrderBy(o => o.SortOrder)) changes.Add(new LedgerChange(o.Code, "移除指标", o.Title, ""));
        return changes;
    }
}
