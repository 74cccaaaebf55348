// One line per to-do item, with the command that clears it.
import type { ChildTodoItem } from '../casework/todo.js';
import { DUTY_LABELS, LEVEL_LABELS, type LocalDate } from '../policy/index.js';
import { formatChatDate } from './dates.js';

export function todoLine(entry: ChildTodoItem, today: LocalDate): string {
  const { item, childName: name } = entry;
  const d = (day: string) => formatChatDate(day, today);
  switch (item.type) {
    case 'duty': {
      const what = `${DUTY_LABELS[item.duty]}（${item.period.label}，${item.have}/${item.need}）`;
      const verb = item.duty === 'case_service' ? '服务' : '走访';
      const when =
        item.status === 'overdue'
          ? `已逾期${item.overdueDays}天`
          : item.daysLeft === 0
            ? '今天截止'
            : `${d(item.dueOn)}截止`;
      return `${name}：${what}${when} → ${verb} ${name} …`;
    }
    case 'review': {
      const when =
        item.status === 'overdue'
          ? `已过复评日${-item.daysLeft}天`
          : item.status === 'due'
            ? '今天复评'
            : `${d(item.reviewOn)}复评`;
      return `${name}：${LEVEL_LABELS[item.level]}${when}（R3.5） → 评估 ${name} …`;
    }
    case 'leaving':
      return `${name}：${d(item.dueOn)}年满18周岁（R1.0） → 退出 ${name} 已满18周岁`;
    case 'first_assessment':
      return `${name}：尚未评估风险等级（R2） → 评估 ${name} …`;
  }
}
