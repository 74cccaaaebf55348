// 查询 张小明 (or just 张小明): the tier card.
import { childCommand } from '../src/chat/child-flow.js';
import { EVERYONE, ok } from '../src/chat/command.js';
import { tierCard } from '../src/chat/tier-card.js';

export const lookup = childCommand<Record<string, never>>({
  name: 'lookup',
  words: ['查询', '查看', '档案'],
  roles: EVERYONE,
  summary: '查看一名儿童的风险等级、保护期、走访和服务情况',
  example: '查询 张小明',
  usage: '查询 姓名（也可以只发姓名、拼音首字母或身份证号后4位）',
  parse: () => ({}),
  act: async (_input, child, ctx) => ok('lookup', await tierCard(ctx, child.id)),
});
