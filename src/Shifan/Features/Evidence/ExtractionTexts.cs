namespace Shifan.Features.Evidence;

/// <summary>What the office is told about text extraction, in one place.</summary>
public static class ExtractionTexts
{
    public const string Pending = "文字提取中";
    public const string PendingHint = "系统正在后台提取文件中的文字，完成后即可按内容搜索";
    public const string Failed = "无法提取文字";
    public const string FailedHint = "文件本身已保存，可以下载和预览，但不能按内容搜索；系统不会再次尝试提取";
    public const string Unfinished = "文件解析进程多次未能完成（服务在解析时中断）";
}
