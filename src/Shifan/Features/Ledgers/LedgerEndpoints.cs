using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shifan.Core.Users;
using Shifan.Features.Campaigns;

namespace Shifan.Features.Ledgers;

/// <summary>The 工作台账 API: periods, a unit's ledger (fill, submit, confirm, revise, history, export) and the office's overview; plus the pages' download links.</summary>
public static class LedgerEndpoints
{
    private const string Unit = "/periods/{periodId:int}/units/{unitId:int}";

    public static void MapLedgerEndpoints(this WebApplication app)
    {
        var api = app.MapApi("/campaigns/{campaignId:int}/ledgers", "工作台账");
        api.MapGet("/periods", (int campaignId, LedgerService s) => s.PeriodsAsync(campaignId))
            .RequireAuthorization(Permissions.LedgerView).WithName("ListLedgerPeriods").WithSummary("报送期列表（新的在前）");
        api.MapPost("/periods", async (int campaignId, PeriodInput input, LedgerService s) =>
                TypedResults.Created($"/api/campaigns/{campaignId}/ledgers/periods", await s.AddPeriodAsync(campaignId, input)))
            .RequireAuthorization(Permissions.LedgerPeriodEdit).WithName("AddLedgerPeriod").WithSummary("新增报送期（默认为督查报送期；与同类报送期重叠时拒绝）");
        api.MapPost("/periods/generate", async (int campaignId, LedgerService s) => TypedResults.Ok(new { added = await s.GenerateMonthlyAsync(campaignId) }))
            .RequireAuthorization(Permissions.LedgerPeriodEdit).WithName("GenerateLedgerPeriods").WithSummary("按活动起止月份生成月度报送期（已有的跳过）");
        api.MapPut("/due-day", async (int campaignId, DueDayInput input, LedgerService s) =>
            {
                await s.SetDueDayAsync(campaignId, input.DueDay);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Permissions.LedgerPeriodEdit).WithName("SetLedgerDueDay").WithSummary("设置月度台账报送截止日（次月1–28日），未到期的报送期随之调整");
        api.MapGet("/periods/{periodId:int}", (int campaignId, int periodId, LedgerService s) => s.OverviewAsync(campaignId, periodId))
            .RequireAuthorization(Permissions.LedgerOverview).WithName("LedgerPeriodOverview").WithSummary("各单位报送情况：已提交、逾期、未开始（按北京时间计算）");
        api.MapGet("/periods/{periodId:int}/export", (int campaignId, int periodId, LedgerService s) => ConsolidatedAsync(campaignId, periodId, s))
            .RequireAuthorization(Permissions.LedgerOverview).ProducesFile(false, Xlsx).WithName("ExportConsolidatedLedger").WithSummary("汇总台账（xlsx：汇总表加每单位一张表）");
        api.MapGet(Unit, (int campaignId, int periodId, int unitId, LedgerService s) => s.GetAsync(campaignId, periodId, unitId))
            .RequireAuthorization(Permissions.LedgerView).WithName("GetLedger").WithSummary("单位工作台账（按分工和已上报材料预填）");
        api.MapPut(Unit, (int campaignId, int periodId, int unitId, LedgerInput input, LedgerService s) => s.SaveAsync(campaignId, periodId, unitId, input))
            .RequireAuthorization(Permissions.LedgerEdit).WithName("SaveLedger").WithSummary("保存完成进度（已提交的台账须先生成新版本）");
        api.MapPost(Unit + "/submit", (int campaignId, int periodId, int unitId, [FromBody] LedgerInput? input, LedgerService s) => s.SubmitAsync(campaignId, periodId, unitId, input))
            .RequireAuthorization(Permissions.LedgerSubmit).WithName("SubmitLedger").WithSummary("提交台账（未填写任何进度时拒绝）");
        api.MapPost(Unit + "/confirm", (int campaignId, int periodId, int unitId, LedgerService s) => s.ConfirmAsync(campaignId, periodId, unitId))
            .RequireAuthorization(Permissions.LedgerConfirm).WithName("ConfirmLedger").WithSummary("单位负责人确认（电子盖章）");
        api.MapPost(Unit + "/revisions", (int campaignId, int periodId, int unitId, LedgerService s) => s.ReviseAsync(campaignId, periodId, unitId))
            .RequireAuthorization(Permissions.LedgerEdit).WithName("ReviseLedger").WithSummary("修改已提交的台账：生成新版本，原版本保留");
        api.MapGet(Unit + "/revisions", (int campaignId, int periodId, int unitId, LedgerService s) => s.HistoryAsync(campaignId, periodId, unitId))
            .RequireAuthorization(Permissions.LedgerView).WithName("LedgerHistory").WithSummary("台账各版本及其改动");
        api.MapGet(Unit + "/export", (int campaignId, int periodId, int unitId, string? format, LedgerService s) => UnitFileAsync(campaignId, periodId, unitId, format, s))
            .RequireAuthorization(Permissions.LedgerView).ProducesFile(false, Docx, Xlsx).WithName("ExportLedger").WithSummary("导出单位工作台账（format=docx|xlsx，正式表样）");

        // The pages' download links (same checks, outside /api so a plain link works).
        var pages = app.MapGroup("/campaigns/{campaignId:int}/ledgers").ExcludeFromDescription();
        pages.MapGet("/{periodId:int}/units/{unitId:int}/export", (int campaignId, int periodId, int unitId, string? format, LedgerService s) => UnitFileAsync(campaignId, periodId, unitId, format, s))
            .RequireAuthorization(Permissions.LedgerView);
        pages.MapGet("/{periodId:int}/export", (int campaignId, int periodId, LedgerService s) => ConsolidatedAsync(campaignId, periodId, s))
            .RequireAuthorization(Permissions.LedgerOverview);
    }

    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<FileContentHttpResult> UnitFileAsync(int campaignId, int periodId, int unitId, string? format, LedgerService s)
    {
        var (bytes, name) = await s.ExportUnitAsync(campaignId, periodId, unitId, format);
        return TypedResults.File(bytes, format == "docx" ? Docx : Xlsx, name);
    }

    private static async Task<FileContentHttpResult> ConsolidatedAsync(int campaignId, int periodId, LedgerService s)
    {
        var (bytes, name) = await s.ExportConsolidatedAsync(campaignId, periodId);
        return TypedResults.File(bytes, Xlsx, name);
    }
}
