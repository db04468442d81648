namespace Shifan.Features.Evidence;

/// <summary>What the office is told about a file whose text could not be extracted (the panel shows it as 无法提取文字).</summary>
public static class ExtractionTexts
{
    public const string FailedHint = "文件本身已保存，可以下载和预览，但不能按内容搜索；系统不会再次尝试提取";
    public const string Unfinished = "文件解析进程多次未能完成（服务在解析时中断）";
}
