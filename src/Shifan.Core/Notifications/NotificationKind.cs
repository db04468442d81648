namespace Shifan.Core.Notifications;

/// <summary>What a notification is about; the review and ledger features add their events through the same kinds.</summary>
public enum NotificationKind
{
    /// <summary>提交: a unit submitted material or a ledger.</summary>
    Submitted,
    /// <summary>退回: a reviewer returned an item with a reason.</summary>
    Returned,
    /// <summary>通过: a reviewer approved an item.</summary>
    Approved,
    /// <summary>到期提醒: a deadline is near.</summary>
    DueSoon,
    /// <summary>逾期: a deadline was missed (escalated to the unit head).</summary>
    Overdue,
    /// <summary>摘要: the daily digest of one user's notifications.</summary>
    Digest,
    /// <summary>通知: anything else (a bulletin, a message from the office).</summary>
    Notice,
}

public static class NotificationKinds
{
    public static string Name(NotificationKind kind) => kind switch
    {
        NotificationKind.Submitted => "提交",
        NotificationKind.Returned => "退回",
        NotificationKind.Approved => "通过",
        NotificationKind.DueSoon => "到期提醒",
        NotificationKind.Overdue => "逾期",
        NotificationKind.Digest => "摘要",
        _ => "通知",
    };
}
