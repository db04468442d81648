using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Shifan.Documents.Bulletins;
using Shifan.TestSupport;
using UglyToad.PdfPig;

namespace Shifan.Documents.Tests;

/// <summary>The 督导通报 in the GB/T 9704-2012 layout: geometry and fonts read back from the .docx, and the pages LibreOffice prints.</summary>
public class BulletinDocumentTests
{
    private static BulletinDocument Sample(int units = 30) => new(
        "某县法治政府建设示范创建工作领导小组办公室", "创建办通报〔2026〕3号", "关于2026年11月法治政府建设示范创建工作推进情况的通报", "各成员单位：",
        [
            new("一、总体情况", ["截至2026年12月2日，共93项指标，其中材料全部审核通过12项，已提交待审20项，被退回待整改5项，尚未开始56项。2026年11月工作台账按时报送12个单位，逾期报送2个，逾期未报1个。"]),
            new("二、排名情况", ["根据2026年11月各单位指标完成率、台账报送及时性、材料退回和审核通过情况，按排名公式计算，各单位得分及排名如下："]),
            new("三、表扬单位", ["行政审批科、财审科、法规科工作推进有力，材料报送及时、质量较高，予以通报表扬。"]),
            new("四、进度滞后单位", ["体育科、安全科、督导室工作进度相对滞后，请对照指标要求抓紧整改，按时报送材料和台账。"]),
            new("五、存在问题", ["（一）材料质量有待提高。", "被退回待重新提交的材料5项，退回原因主要为“数量不足”3项、“时间不符”2项。", "（二）部分任务逾期未完成。已超过截止日期仍未提交的指标任务8项。"]),
            new("六、下步工作", ["请各单位对照时间节点抓紧推进：“全面自查”阶段工作于2026年12月21日前完成；2026年12月工作台账于2027年1月5日前报送。被退回的材料请于5个工作日内整改后重新提交。"]),
        ],
        ["名次", "单位", "得分", "完成率", "本期台账"],
        Enumerable.Range(1, units).Select(i => (IReadOnlyList<string>)[i.ToString(), $"第{i}科室", (100 - i * 2.5).ToString("0.0"), $"{100 - i * 3}%", i % 5 == 0 ? "逾期提交" : "已提交"]).ToList(),
        1, "某县法治政府建设示范创建工作领导小组办公室", "2026年12月2日", "领导小组各成员", "某县法治政府建设示范创建工作领导小组办公室", "2026年12月2日");

    private static readonly OfficialTexts Texts = new("创建办通报〔2026〕3号", "关于2026年11月法治政府建设示范创建工作推进情况的通报",
        "截至2026年12月2日", "一、总体情况", "（一）材料质量有待提高", "领导小组办公室");

    [Fact]
    public void PageGeometryFontsAndLinePitchFollowGbT9704()
    {
        using var ms = new MemoryStream();
        BulletinDocxWriter.Write(Sample(), ms);
        ms.Position = 0;
        OfficialDocumentLayout.AssertGbT9704(ms, Texts);
    }

    [Fact]
    public async Task LibreOfficePrintsA4PagesWithTheLinePitchAndTheBindingSideAlternating()
    {
        using var dir = new TempDirectory();
        var path = dir.File("督导通报.docx");
        await using (var fs = File.Create(path)) BulletinDocxWriter.Write(Sample(), fs);
        await OfficialDocumentLayout.AssertPrintedAsync(path, dir.Path, Texts);
    }
}
