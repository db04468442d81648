using System.Text;

namespace Shifan.TestSupport;

public static class SampleTables
{
    /// <summary>A small task table as text copied from a PDF: tab-separated, one row with its number lost.</summary>
    public static byte[] DamagedTable() => Encoding.UTF8.GetBytes(
        "某县法治政府建设示范创建任务分工表\n" +
        "一级指标\t二级指标\t三级指标\t测评方式\t报送材料\t责任单位\n" +
        "一、政府职能依法全面履行\t1. 加大简政放权力度\t1 全面普及行政审批服务。\t网络检索、实地核查\t①2021年以来的情况说明；②典型案例不少于3件。\t财审科、县司法局\n" +
        "\t\t2 依法实施行政许可。\t材料查证\t清理变相许可的情况说明。\t校外监管科\n" +
        "\t\t清理行政审批中介服务。\t材料查证\t中介服务事项清单。\t财审科\n" +
        "\t\t4 对各类证明事项实行清单管理。\t网络检索\t证明事项清单网址。\t相关责任科室\n");
}
