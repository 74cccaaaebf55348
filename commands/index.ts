// Every chat command, in the order 帮助 lists them.
import type { Command } from '../src/chat/command.js';
import { apply, decide, review } from './application.js';
import { assess } from './assess.js';
import { createHelp } from './help.js';
import { leave } from './leave.js';
import { lookup } from './lookup.js';
import { register } from './register.js';
import { report } from './report.js';
import { resource } from './resource.js';
import { service } from './service.js';
import { spreadsheet } from './spreadsheet.js';
import { rates, subsidy } from './subsidy.js';
import { todo } from './todo.js';
import { undo } from './undo.js';
import { visit } from './visit.js';

export const help = createHelp(() => COMMANDS);

export const COMMANDS: readonly Command[] = [
  lookup,
  visit,
  service,
  assess,
  todo,
  report,
  undo,
  register,
  leave,
  resource,
  subsidy,
  spreadsheet,
  apply,
  review,
  decide,
  rates,
  help,
];

export { commandHints } from './help.js';
