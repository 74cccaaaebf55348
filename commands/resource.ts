// 资源 张小明 姑苏区爱心助学会 一对一学业帮扶 — links a social resource to a child (R6.3).
import { z } from 'zod';
import { linkResource } from '../src/casework/register.js';
import { childCommand } from '../src/chat/child-flow.js';
import { ok } from '../src/chat/command.js';
import { maskFreeText } from '../src/chat/mask.js';
import { RESOURCE_KIND_LABELS, type ResourceKind } from '../src/policy/index.js';

const resourceInput = z.object({
  provider: z.string().min(2, '请写上提供帮助的组织或个人名称。').max(100, '组织名称太长了。'),
  kind: z.enum(['one_to_one', 'donation', 'professional']),
  notes: z.string().max(500, '说明太长了，请控制在500字以内。'),
});
type ResourceArgs = z.infer<typeof resourceInput>;

function kindOf(text: string): ResourceKind {
  if (/捐|物资|助学金|善款/.test(text)) return 'donation';
  if (/一对一|结对|帮扶|志愿/.test(text)) return 'one_to_one';
  return 'professional';
}

export function parseResourceArgs(rest: string): ResourceArgs | { problem: string } {
  const [provider = '', ...others] = rest.trim().split(' ');
  const notes = others.join(' ');
  const parsed = resourceInput.safeParse({ provider, kind: kindOf(notes || provider), notes });
  return parsed.success ? parsed.data : { problem: parsed.error.issues[0]!.message };
}

export const resource = childCommand<ResourceArgs>({
  name: 'resource',
  words: ['资源', '社会资源', '链接资源'],
  roles: ['street', 'supervisor'],
  summary: '为儿童链接社会组织、慈善组织或志愿者（一对一帮扶、捐赠、专业服务）',
  example: '资源 张小明 姑苏区爱心助学会 一对一学业帮扶',
  usage: '资源 姓名 组织名称 帮扶内容',
  parse: (rest) => parseResourceArgs(rest),
  async act(input, child, ctx) {
    await linkResource(
      ctx.db,
      { id: ctx.user.id, via: ctx.via },
      { childId: child.id, on: ctx.today, ...input },
    );
    return ok(
      'resource',
      `已为${child.name}链接：${input.provider}（${RESOURCE_KIND_LABELS[input.kind]}）${input.notes ? `，${maskFreeText(input.notes)}` : ''}（R6.3）。如有错误，10分钟内回复“撤销”。`,
    );
  },
});
