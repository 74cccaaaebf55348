// 登记 (multi-line form): registers a child after validation (R1); categories are suggested
// from the parents' statuses (R1.3) and confirmed by the person.
import type { ParentStatus } from '@prisma/client';
import { readCategories } from '../src/casework/category-words.js';
import { CaseworkRefusal } from '../src/casework/errors.js';
import { registerChild } from '../src/casework/register-child.js';
import { type Command, invalid, ok, refused } from '../src/chat/command.js';
import { splitKeyValue } from '../src/chat/normalize.js';
import { childScope } from '../src/chat/scope.js';
import {
  ageOn,
  CATEGORY_LABELS,
  ID_NUMBER_PROBLEM_LABELS,
  isUnder18,
  type LocalDate,
  type ParentSituation,
  parseIdNumber,
  suggestParentCategories,
} from '../src/policy/index.js';

const FIELDS: Record<string, string> = {
  姓名: 'name',
  身份证号: 'id',
  身份证: 'id',
  证件号: 'id',
  类别: 'categories',
  困境类别: 'categories',
  监护人: 'guardian',
  电话: 'phone',
  联系电话: 'phone',
  社区: 'community',
  村: 'community',
  儿童主任: 'director',
  地址: 'address',
  家庭住址: 'address',
  父亲: 'father',
  母亲: 'mother',
  证明材料: 'evidence',
};

const PARENT_WORDS: [RegExp, ParentStatus][] = [
  [/死亡|去世|病故/, 'dead'],
  [/失踪/, 'missing'],
  [/服刑|在押|坐牢/, 'imprisoned'],
  [/戒毒/, 'rehab'],
  [/弃养|失联|联系不上/, 'abandoned'],
  [/重残|残疾/, 'severely_disabled'],
  [/重病|大病/, 'seriously_ill'],
  [/健在|正常|在家|能监护/, 'present'],
];

const FORM =
  '登记\n姓名：张小明\n身份证号：320508201503081234\n类别：C2b\n父亲：死亡\n母亲：服刑\n监护人：祖母 王秀英\n电话：138xxxxxxxx\n社区：平江路社区\n儿童主任：蒋玉兰';

function parentStatus(text: string | undefined): ParentStatus {
  if (!text) return 'unknown';
  return PARENT_WORDS.find(([pattern]) => pattern.test(text))?.[1] ?? 'unknown';
}

/** 服刑 2025-03-01起 / 服刑 刑期3年 / 失联 2026年1月5日起: the facts R1.1's thresholds need. */
function parentSituation(text: string | undefined): ParentSituation {
  const status = parentStatus(text);
  const since = /(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})/.exec(text ?? '');
  const term = /刑期\s*(\d+)\s*(年|个月|月)/.exec(text ?? '');
  return {
    status,
    since: since ? `${since[1]}-${since[2]!.padStart(2, '0')}-${since[3]!.padStart(2, '0')}` : undefined,
    termMonths: term ? Number(term[1]) * (term[2] === '年' ? 12 : 1) : undefined,
  };
}

function suggest(father: ParentSituation, mother: ParentSituation, today: LocalDate): string {
  const suggestion = suggestParentCategories(father, mother, today);
  if (suggestion.codes.length) {
    const codes = suggestion.codes.map((c) => `${c} ${CATEGORY_LABELS[c]}`).join('；');
    return `根据父母情况，建议类别：${codes}（R1.3）。请加一行“类别：${suggestion.codes.join('、')}”确认后重新发送。`;
  }
  if (suggestion.missingFacts.length) {
    return '服刑、强制戒毒须满6个月，弃养须失联满6个月才计入（R1.1）：请写明起始日期，如“母亲：服刑 2025-03-01起”，或刑期，如“刑期3年”。';
  }
  const later = suggestion.pending[0];
  if (later) return `父母情况满6个月后（${later.from}起）符合 ${later.code}（R1.1）；现在请按其他类别登记。`;
  return '请写明类别（如 C2b、C5a）；也可以写父亲、母亲的情况，由系统建议类别（R1.3）。';
}

export const register: Command = {
  name: 'register',
  words: ['登记', '新增儿童', '纳入'],
  roles: ['street', 'supervisor'],
  summary: '登记一名新纳入的困境儿童（多行表格）',
  example: FORM.replace(/\n/g, ' / '),
  usage: `多行填写，每行“项目：内容”：\n${FORM}`,
  async run(args, ctx) {
    const form: Record<string, string> = {};
    for (const line of args.split('\n')) {
      const kv = splitKeyValue(line);
      if (!kv || !Object.hasOwn(FIELDS, kv[0])) continue;
      const field = FIELDS[kv[0]];
      if (field && kv[1]) form[field] = kv[1];
    }
    const missing = ['name', 'id', 'community', 'director'].filter((f) => !form[f]);
    if (missing.length) {
      const names = { name: '姓名', id: '身份证号', community: '社区', director: '儿童主任' } as Record<
        string,
        string
      >;
      return invalid(this, `缺少：${missing.map((m) => names[m]).join('、')}。`);
    }

    const id = parseIdNumber(form.id!, ctx.today);
    if (!id.ok) return invalid(this, `身份证号有误：${ID_NUMBER_PROBLEM_LABELS[id.problem]}。`);
    if (!isUnder18(id.birthDate, ctx.today)) {
      return refused(this.name, `${form.name}已满18周岁（${id.birthDate}出生），不属于困境儿童（R1.0）。`);
    }

    if (ctx.user.role !== 'district' && ctx.user.streetId === null) {
      return refused(this.name, '您的账号还没有所属街道，不能登记儿童。请联系区民卫局管理员设置。');
    }
    const duplicate = await ctx.db.child.findUnique({
      where: { idNumber: id.idNumber },
      select: { id: true },
    });
    if (duplicate) {
      // Name the child only to someone who may see them; to others the number is just taken.
      const visible = await ctx.db.child.findFirst({
        where: { AND: [childScope(ctx.user), { id: duplicate.id }] },
        select: { name: true, registerStatus: true },
      });
      const who = visible
        ? `：${visible.name}${visible.registerStatus === 'left' ? '（已退出名册）' : ''}`
        : '';
      return refused(this.name, `该身份证号已有档案${who}。如需重新纳入或更正，请联系区民卫局。`);
    }

    const community = await ctx.db.community.findFirst({
      where: { name: form.community!, ...(ctx.user.streetId ? { streetId: ctx.user.streetId } : {}) },
    });
    if (!community) return invalid(this, `您所在街道没有“${form.community}”。`);
    const director = await ctx.db.staff.findFirst({
      where: {
        role: 'director',
        active: true,
        communityId: community.id,
        OR: [{ userid: form.director! }, { name: form.director! }],
      },
    });
    if (!director) return invalid(this, `${community.name}没有在岗的儿童主任“${form.director}”。`);

    const father = parentSituation(form.father);
    const mother = parentSituation(form.mother);
    if (!form.categories) return invalid(this, `还没有类别。${suggest(father, mother, ctx.today)}`);
    const categories = readCategories(form.categories);
    if ('problem' in categories) return invalid(this, categories.problem);

    const [relation = '', guardianName = ''] = (form.guardian ?? '').split(' ');
    if (form.guardian && !guardianName) {
      return invalid(this, `监护人请写“关系 姓名”，例如“监护人：祖母 ${relation || '王秀英'}”。`);
    }
    try {
      await registerChild(
        ctx.db,
        { id: ctx.user.id, via: ctx.via },
        {
          name: form.name!,
          idNumber: id.idNumber,
          sex: id.sex,
          birthDate: id.birthDate,
          streetId: community.streetId,
          communityId: community.id,
          directorId: director.id,
          address: form.address ?? '',
          categories,
          evidence: form.evidence ?? '',
          fatherStatus: father.status,
          motherStatus: mother.status,
          guardian: guardianName
            ? { relation, name: guardianName, phone: (form.phone ?? '').replace(/\D/g, '') }
            : undefined,
          on: ctx.today,
        },
      );
    } catch (err) {
      if (err instanceof CaseworkRefusal) return refused(this.name, err.userMessage);
      throw err;
    }
    const sex = id.sex === 'male' ? '男' : '女';
    return ok(
      this.name,
      `已登记：${form.name}（${sex}，${ageOn(id.birthDate, ctx.today)}岁）${community.name}，类别 ${categories.join('、')}；` +
        `儿童主任 ${director.name}。请督导员尽快评估风险等级（R2）。`,
    );
  },
};
