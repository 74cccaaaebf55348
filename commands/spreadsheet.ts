// 报表 2026-12: the monthly payment report as .xlsx (R5.2); 报表 2027Q1 预测: the next quarter's
// forecast as .xlsx (R5.3), which counts as the street's report when a street officer asks.
// The file goes back as a WeCom file message (npm run chat saves it to disk).
import { forecastQuarter, streetMonths, submitForecast } from '../src/casework/subsidy.js';
import { type Command, type CommandContext, invalid, refused } from '../src/chat/command.js';
import { formatChatDate, parseChatMonth } from '../src/chat/dates.js';
import type { ChatReply } from '../src/chat/types.js';
import {
  addMonths,
  formatYuan,
  type LocalDate,
  nextForecast,
  parseQuarter,
  type Quarter,
  quarterHolding,
} from '../src/policy/index.js';
import { forecastWorkbook, paymentWorkbook } from '../src/reports/subsidy-xlsx.js';
import { checkReportMonth, moneyStreets, monthReply, type Street, settingsOf } from './subsidy.js';

const FORECAST_WORDS = new Set(['预测', '季度预测', '资金预测']);

export const spreadsheet: Command = {
  name: 'spreadsheet',
  words: ['报表', '导出报表'],
  roles: ['street', 'supervisor', 'district'],
  summary: '生成月度补贴发放表或下季度预测表（Excel 文件）',
  example: '报表 2026-12',
  usage: '报表 月份（发放表），或 报表 季度 预测（如“报表 2027Q1 预测”）',
  async run(args, ctx) {
    const words = args.split(/\s+/).filter(Boolean);
    const scoped = await moneyStreets(ctx, words);
    if ('problem' in scoped) return refused(this.name, scoped.problem);
    const rest = scoped.rest.filter((w) => !FORECAST_WORDS.has(w));
    const [when = '', ...extra] = rest;
    if (extra.length) return invalid(this, `没看懂“${extra.join(' ')}”。`);
    const quarter = parseQuarter(when);
    if (quarter) return forecast(this, ctx, scoped.streets, quarter);
    if (scoped.rest.some((w) => FORECAST_WORDS.has(w))) {
      return invalid(
        this,
        `请写明预测哪个季度，例如：报表 ${nextForecast(ctx.today).forQuarter.replace('-', '')} 预测。`,
      );
    }
    const month = when ? parseChatMonth(when, ctx.today) : `${ctx.today.slice(0, 7)}-01`;
    if (!month) return invalid(this, `“${when}”不是月份或季度。`);
    const wrong = await checkReportMonth(ctx, month);
    if (wrong) return refused(this.name, wrong);
    const months = await streetMonths(ctx.db, scoped.streets, month, settingsOf(ctx));
    return {
      command: this.name,
      outcome: 'ok',
      text: `${monthReply(months, month, ctx.today).replace(/\n发送“报表.*$/, '')}\n发放表见附件（身份证号已隐去中间位）。`,
      file: {
        filename: `生活补贴发放表_${month.slice(0, 7)}_${scopeName(scoped.streets, ctx)}.xlsx`,
        data: await paymentWorkbook(month, months),
      },
    };
  },
};

function scopeName(streets: Street[], ctx: CommandContext): string {
  return ctx.user.role === 'district' && streets.length > 1 ? '全区' : streets.map((s) => s.name).join('_');
}

async function forecast(
  cmd: Command,
  ctx: CommandContext,
  streets: Street[],
  quarter: Quarter,
): Promise<ChatReply> {
  const current = quarterHolding(ctx.today);
  const latest = quarterHolding(addMonths(`${ctx.today.slice(0, 7)}-01`, 12));
  if (quarter.months[0] <= current.months[0]) {
    return refused(
      cmd.name,
      `预测针对以后的季度；${quarterName(quarter)}已开始或已过去。请预测 ${nextQuarterKey(ctx.today)}。`,
    );
  }
  if (quarter.months[0] > latest.months[0]) {
    return refused(cmd.name, `${quarterName(quarter)}太远了，最多预测一年以内的季度。`);
  }
  const forecasts = await forecastQuarter(ctx.db, streets, quarter, settingsOf(ctx));
  const lines = [`${quarterName(quarter)}补贴预测（R5.3）：`];
  for (const f of forecasts) {
    const perMonth = f.months.map((m) => `${Number(m.month.slice(5, 7))}月${m.children}人`).join('、');
    lines.push(
      `${f.streetName}：${perMonth}，资金${formatYuan(f.totalFen)}元；季度内停发${f.stopping.length}人`,
    );
  }
  // A street officer's forecast is the street's report (R5.3); the reminders stop (R5.5).
  if (ctx.user.role === 'street') {
    await submitForecast(ctx.db, { id: ctx.user.id, via: ctx.via }, forecasts[0]!, ctx.today);
    const due = nextForecast(ctx.today);
    const onTime = due.forQuarter === quarter.key ? `（截止${formatChatDate(due.deadline, ctx.today)}）` : '';
    lines.push(`已记为${forecasts[0]!.streetName}的上报${onTime}。`);
  }
  lines.push('预测表见附件。');
  return {
    command: cmd.name,
    outcome: 'ok',
    text: lines.join('\n'),
    file: {
      filename: `补贴预测_${quarter.key}_${scopeName(streets, ctx)}.xlsx`,
      data: await forecastWorkbook(forecasts),
    },
  };
}

function quarterName(q: Quarter): string {
  return `${q.year}年第${q.q}季度`;
}

function nextQuarterKey(today: LocalDate): string {
  const next = quarterHolding(addMonths(`${today.slice(0, 7)}-01`, 3));
  return `${next.year}Q${next.q}`;
}
