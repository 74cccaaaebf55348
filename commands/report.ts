// 报告 李小红 邻居反映孩子两天没人照看 — an urgent report (R6.1): stored together with its
// alerts, which go at once to the street's supervisor and district staff. It never waits for
// a question back and is never refused for its form: whatever was written is filed.
import { fileUrgentReport } from '../src/casework/urgent.js';
import { type Command, EVERYONE, invalid, ok } from '../src/chat/command.js';
import { findChild } from '../src/chat/find-child.js';
import { maskFreeText } from '../src/chat/mask.js';

export const report: Command = {
  name: 'report',
  words: ['报告', '强制报告', '紧急报告', '紧急'],
  roles: EVERYONE,
  summary: '强制报告：儿童遭受或疑似遭受侵害、无人照看等紧急情况，立即通知督导员和区民卫局',
  example: '报告 李小红 邻居反映孩子两天没人照看',
  usage: '报告 姓名 情况',
  async run(args, ctx) {
    if (args.trim().length < 2) return invalid(this, '请写上儿童姓名和发生的情况。');
    if (args.length > 2000) return invalid(this, '情况描述太长了，请控制在2000字以内。');

    // With exactly one match the report is linked to the child (also when the name is glued
    // to the text: 报告王芳邻居反映…); otherwise it is filed under what was typed.
    const found = await findChild(ctx.db, ctx.user, args);
    const child = found.kind === 'one' ? found.child : undefined;
    const [typed = '', ...others] = args.split(' ');
    const hasSpace = others.length > 0;
    const childName = child?.name ?? (hasSpace ? typed : '未写明');
    const content =
      (found.kind === 'none' ? (hasSpace ? others.join(' ') : args) : found.rest).trim() || args;
    const streetId = child
      ? (await ctx.db.child.findUniqueOrThrow({ where: { id: child.id }, select: { streetId: true } }))
          .streetId
      : ctx.user.streetId;

    const alert = (id: number) =>
      `【强制报告 #${id}】${ctx.user.name}报告：${childName}\n${maskFreeText(content)}\n` +
      '请立即核实处置，并对该儿童进行评估（R6.1）。';
    const filed = await fileUrgentReport(
      ctx.db,
      { id: ctx.user.id, via: ctx.via },
      { childId: child?.id ?? null, childName, streetId, content },
      alert,
    );
    if (filed.recipients.length) await ctx.notifier.push(filed.push);

    const lines = [`已登记强制报告，编号 #${filed.report.id}。`];
    lines.push(
      filed.recipients.length
        ? `已立即通知${streetId === null ? '区民卫局' : '督导员和区民卫局'}（${filed.recipients.length} 人）。`
        : '暂无可通知的督导员或区民卫局人员，请直接电话联系街道。',
    );
    if (streetId === null) lines.push('未能确定所在街道，街道督导员没有收到通知，请电话告知。');
    if (!child) lines.push(`注意：在您负责的儿童中没有唯一找到“${childName}”，已按所写内容登记。`);
    lines.push('情况紧急请同时拨打110或当地未成年人保护热线。');
    return ok('report', lines.join('\n'));
  },
};
