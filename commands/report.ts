// 报告 李小红 邻居反映孩子两天没人照看 — an urgent report (R6.1): stored, then pushed at once
// to the street's supervisor and district staff. It works for a child not on file too.
import { fileUrgentReport } from '../src/casework/urgent.js';
import { type Command, EVERYONE, invalid, ok } from '../src/chat/command.js';
import { findChild } from '../src/chat/find-child.js';

export const report: Command = {
  name: 'report',
  words: ['报告', '强制报告', '紧急报告', '紧急'],
  roles: EVERYONE,
  summary: '强制报告：儿童遭受或疑似遭受侵害、无人照看等紧急情况，立即通知督导员和区民卫局',
  example: '报告 李小红 邻居反映孩子两天没人照看',
  usage: '报告 姓名 情况',
  async run(args, ctx) {
    const [typed = '', ...rest] = args.split(' ');
    const content = rest.join(' ').trim();
    if (!typed || content.length < 4) return invalid(this, '请写上儿童姓名和发生的情况。');
    if (content.length > 2000) return invalid(this, '情况描述太长了，请控制在2000字以内。');

    // An urgent report never waits for a disambiguation: with one match it is linked to the
    // child; otherwise it is filed under the name as typed and the supervisor sorts it out.
    const found = await findChild(ctx.db, ctx.user, args);
    const child = found.kind === 'one' ? found.child : undefined;
    const streetId = child
      ? (await ctx.db.child.findUniqueOrThrow({ where: { id: child.id }, select: { streetId: true } }))
          .streetId
      : ctx.user.streetId;
    const { report: filed, recipients } = await fileUrgentReport(
      ctx.db,
      { id: ctx.user.id, via: ctx.via },
      { childId: child?.id ?? null, childName: child?.name ?? typed, streetId, content },
    );

    const text =
      `【强制报告 #${filed.id}】${ctx.user.name}报告：${child?.name ?? typed}\n${content}\n` +
      `请立即核实处置，并对该儿童进行评估（R6.1）。`;
    if (recipients.length) {
      await ctx.notifier.push({ kind: 'urgent', recipients, text, key: `urgent:${filed.id}` });
    }
    const told = recipients.length
      ? `已立即通知督导员和区民卫局（${recipients.length} 人）。`
      : '暂无可通知的督导员或区民卫局人员，请直接电话联系街道。';
    const note = child ? '' : `\n注意：在您负责的儿童中没有唯一找到“${typed}”，已按所写姓名登记。`;
    return ok(
      'report',
      `已登记强制报告，编号 #${filed.id}。${told}情况紧急请同时拨打110或当地未成年人保护热线。${note}`,
    );
  },
};
