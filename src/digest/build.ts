// The daily digest (issue #6): who must be told what today. Reads the district in a few
// set-based queries (context.ts, load.ts), runs every child through the policy engine's
// childTodo, and writes one text per person with something to do. Sends nothing.
import type { StaffRole } from '@prisma/client';
import { formatChatDate } from '../chat/dates.js';
import { todoLine } from '../chat/todo-lines.js';
import type { Db } from '../db/client.js';
import {
  type CategoryCode,
  type ChildHistory,
  checkRegister,
  childTodo,
  districtSpotCheck,
  type LocalDate,
  moneyReminders,
  monthOf,
  nextForecast,
  parseDay,
  paymentDeadline,
  paymentStatus,
  type RegisterCheck,
  type TodoItem,
  toLocalDate,
} from '../policy/index.js';
import { digestLinkLine } from '../web/links.js';
import { type Entry, EntryBook, newStreetBook, type StreetBook } from './books.js';
import { type DigestContext, loadContext, type StaffRow, type UrgentRow } from './context.js';
import { type DigestLine, fitLines, MAX_MESSAGES, messagesFor } from './fit.js';
import {
  applicationLine,
  behindLine,
  directorHeader,
  lapsedLine,
  lateForecastLine,
  latePaymentLine,
  leaveLine,
  moneyLine,
  reviewsLine,
  streetSummaryLine,
  tierLine,
  urgentLine,
} from './lines.js';
import { loadRecords, loadRosterPage, type RosterChild } from './load.js';

export interface Digest {
  recipient: string;
  role: StaffRole;
  lines: string[];
  text: string;
  /** things to do in it, shown or not */
  items: number;
}

export interface BuildProgress {
  children: number;
  total: number;
  records: number;
}

export interface BuildOptions {
  /**
   * The instant the digest is built at: urgent reports filed later are left out and "24 hours"
   * counts back from it. Defaults to now when now falls on `today`, else `today`'s midnight in Shanghai.
   */
  now?: Date;
  /** children read per page (default 1,000) */
  chunkSize?: number;
  onProgress?: (progress: BuildProgress) => void;
  /** PUBLIC_BASE_URL: each digest ends with a link to the workbench when it still fits */
  publicBaseUrl?: string;
}

/** How far ahead each kind of item is announced (issue #6): visits 7 days, reviews 14, 18th birthdays 30. */
export const HORIZON_DAYS = { duty: 7, review: 14, leaving: 30 } as const;

const DAY_MS = 86_400_000;

/** Whether the digest shows an item of the engine's to-do list (asked with the longest horizon). */
export function isDigestItem(item: TodoItem): boolean {
  if (item.status === 'overdue') return true;
  switch (item.type) {
    case 'duty':
      return item.daysLeft <= HORIZON_DAYS.duty;
    case 'review':
      return item.daysLeft <= HORIZON_DAYS.review;
    case 'leaving':
      return item.daysLeft <= HORIZON_DAYS.leaving;
    case 'first_assessment':
      return true;
  }
}

/** The to-do items of one child the digest shows, in the engine's order. */
export function digestItems(child: { history: ChildHistory }, today: LocalDate): TodoItem[] {
  return childTodo(child.history, today, { horizonDays: HORIZON_DAYS.leaving }).filter(isDigestItem);
}

/** Every digest for `today`, one per person with something to do, in staff order. */
export async function buildDigests(db: Db, today: LocalDate, options: BuildOptions = {}): Promise<Digest[]> {
  parseDay(today, 'today');
  const asOf = options.now ?? defaultAsOf(today);
  // The first page of children loads alongside the district-wide facts.
  const loadingContext = loadContext(db, today, asOf);
  const roles = loadingContext.then((c) => new Map(c.staff.map((s) => [s.id, s.role])));
  roles.catch(() => undefined);
  const size = options.chunkSize ?? 1_000;
  const start = (after: Promise<number | null>): Pending => {
    const children = after.then((id) => (id === null ? [] : loadRosterPage(db, today, id, size)));
    const records = children.then(async (c) => loadRecords(db, c, today, await roles));
    // Awaited in turn below; this only keeps a failure from counting as unhandled meanwhile.
    records.catch(() => undefined);
    return { children, records };
  };
  const lastId = (p: Pending) => p.children.then((c) => (c.length < size ? null : c.at(-1)!.id));

  // Pages are fetched two ahead of the one being computed, so that the database reads while
  // the policy engine computes; the computation yields now and then to let replies through.
  let current = start(Promise.resolve(0));
  let ahead = start(lastId(current));
  const context = await loadingContext;
  const tally = createTally(context, today, asOf);
  let records = 0;
  let done = 0;
  for (;;) {
    const children = await current.children;
    if (children.length === 0) break;
    records += await current.records;
    const further = start(lastId(ahead));
    for (let i = 0; i < children.length; i++) {
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      tally.child(children[i]!);
    }
    done += children.length;
    options.onProgress?.({ children: done, total: context.childCount, records });
    current = ahead;
    ahead = further;
  }
  const digests = tally.digests();
  const base = options.publicBaseUrl;
  return base ? digests.map((d) => withLink(d, digestLinkLine(base, d.role))) : digests;
}

/** The digest with a last line linking to the workbench, unless that would need a third message. */
function withLink(digest: Digest, link: string): Digest {
  const lines = [...digest.lines, link];
  if (messagesFor(lines) > MAX_MESSAGES) return digest;
  return { ...digest, lines, text: lines.join('\n') };
}

interface Pending {
  children: Promise<RosterChild[]>;
  records: Promise<number>;
}

/** Children computed between two yields to the event loop. */
const YIELD_EVERY = 250;

function defaultAsOf(today: LocalDate): Date {
  const now = new Date();
  return toLocalDate(now) === today ? now : new Date(`${today}T00:00:00+08:00`);
}

function createTally(context: DigestContext, today: LocalDate, asOf: Date) {
  const staffById = new Map(context.staff.map((s) => [s.id, s]));
  const directors = new Map<number, EntryBook>();
  const streets = new Map(context.streets.map((s) => [s.id, newStreetBook(s.id, s.name)]));
  const activeDirector = (id: number | null): StaffRow | undefined => {
    const person = id === null ? undefined : staffById.get(id);
    return person?.active && person.role === 'director' ? person : undefined;
  };
  const directorBook = (id: number) => {
    let book = directors.get(id);
    if (!book) {
      book = new EntryBook();
      directors.set(id, book);
    }
    return book;
  };
  /** The book of whoever looks after the child: the director, or else the street's supervisors. */
  const bookFor = (directorId: number | null, streetId: number | null): EntryBook | undefined => {
    const director = activeDirector(directorId);
    if (director) return directorBook(director.id);
    return streetId === null ? undefined : streets.get(streetId)?.own;
  };

  const lateBefore = asOf.getTime() - DAY_MS;
  for (const report of context.urgent) {
    const late = report.reportedAt.getTime() <= lateBefore;
    // A report on no child on file goes to the director who filed it.
    const owner = report.childId === null ? report.reporterId : report.directorId;
    if (report.childId !== null || activeDirector(owner)) {
      bookFor(owner, report.streetId)?.add({ kind: 'urgent', report });
    }
    if (late && report.streetId !== null) streets.get(report.streetId)?.urgentLate.push(report);
  }

  function child(c: RosterChild): void {
    const street = streets.get(c.streetId);
    if (!street) return;
    const director = activeDirector(c.directorId);
    const book = director ? directorBook(director.id) : street.own;
    street.children++;
    const check = checkRegister(c.history.birthDate!, c.categories, today);
    if (check.leave) street.leaving++;
    else street.tiers[c.level ?? 0]++;

    let overdue = 0;
    for (const item of digestItems(c, today)) {
      book.add({ kind: 'todo', todo: { childId: c.id, childName: c.name, directorId: c.directorId, item } });
      if (item.status === 'overdue') overdue++;
      if (item.type === 'review') {
        if (item.status === 'overdue') street.reviewsOverdue++;
        else street.reviewsSoon++;
      }
    }
    if (overdue > 0) {
      const key = director ? director.id : null;
      street.overdueBy.set(key, (street.overdueBy.get(key) ?? 0) + overdue);
      street.overdueItems += overdue;
      street.overdueChildren++;
    }
    registerChecks(c, check, book, street);
  }

  /** R4.4: off the register (street staff), or resting on lapsed evidence only (director). */
  function registerChecks(c: RosterChild, check: RegisterCheck, book: EntryBook, street: StreetBook): void {
    if (check.leave) {
      street.leaves.push({ name: c.name, ...check.leave });
      return;
    }
    const day = parseDay(today);
    const held = c.categories.filter(
      (k) => parseDay(k.startsOn) <= day && (k.endedOn === undefined || parseDay(k.endedOn) > day),
    );
    if (
      held.length > 0 &&
      held.every((k) => k.evidenceUntil !== undefined && parseDay(k.evidenceUntil) < day)
    ) {
      const until = held
        .map((k) => k.evidenceUntil!)
        .sort()
        .at(-1)!;
      const codes: CategoryCode[] = held.map((k) => k.code);
      book.add({ kind: 'lapsed', childId: c.id, name: c.name, codes, until });
    }
  }

  function digests(): Digest[] {
    const out: Digest[] = [];
    const byStreet = (role: StaffRole, streetId: number) =>
      context.staff.filter((s) => s.active && s.role === role && s.streetId === streetId);
    for (const person of context.staff) {
      if (!person.active) continue;
      if (person.role === 'director') {
        const book = directors.get(person.id);
        if (book) out.push(directorDigest(person, book, today));
      }
    }
    // A street with no active supervisor: its summary (children without a director, urgent
    // reports, reviews) goes to its street staff, or to district staff when it has none, so
    // that nothing due is left with nobody.
    const unsupervised: Composed[] = [];
    for (const street of streets.values()) {
      const supervisors = byStreet('supervisor', street.id);
      const streetStaff = byStreet('street', street.id);
      const summary = supervisorLines(street, context, today);
      const tasks = streetLines(street, context, today);
      if (summary && supervisors.length) for (const s of supervisors) out.push(toDigest(s, summary));
      const forStaff = supervisors.length ? tasks : join(summary, tasks);
      if (forStaff) for (const s of streetStaff) out.push(toDigest(s, forStaff));
      if (summary && !supervisors.length && !streetStaff.length) unsupervised.push(summary);
    }
    const district = join(districtLines([...streets.values()], context, today), ...unsupervised);
    if (district) {
      for (const s of context.staff) if (s.active && s.role === 'district') out.push(toDigest(s, district));
    }
    const order = new Map(context.staff.map((s, i) => [s.userid, i]));
    return out.sort((a, b) => order.get(a.recipient)! - order.get(b.recipient)!);
  }

  return { child, digests };
}

interface Composed {
  lines: DigestLine[];
  hidden: number;
  items: number;
}

/** Several parts as one digest (one message a person a day), in the order given. */
function join(...parts: (Composed | null)[]): Composed | null {
  const present = parts.filter((p): p is Composed => p !== null);
  if (present.length === 0) return null;
  return {
    lines: present.flatMap((p) => p.lines),
    hidden: present.reduce((n, p) => n + p.hidden, 0),
    items: present.reduce((n, p) => n + p.items, 0),
  };
}

function toDigest(person: StaffRow, composed: Composed): Digest {
  const lines = fitLines(composed.lines, composed.hidden);
  return {
    recipient: person.userid,
    role: person.role,
    lines,
    text: lines.join('\n'),
    items: composed.items,
  };
}

function entryLine(entry: Entry, today: LocalDate): string {
  switch (entry.kind) {
    case 'urgent':
      return urgentLine(entry.report, today, false);
    case 'todo':
      return todoLine(entry.todo, today);
    case 'lapsed':
      return lapsedLine(entry.name, entry.codes, entry.until, today);
  }
}

function entryLines(book: EntryBook, today: LocalDate): { lines: DigestLine[]; hidden: number } {
  const { entries, dropped } = book.sorted();
  return { lines: entries.map((e) => ({ text: entryLine(e, today), item: true })), hidden: dropped };
}

function directorDigest(person: StaffRow, book: EntryBook, today: LocalDate): Digest {
  const { lines, hidden } = entryLines(book, today);
  const upcoming = book.total - book.overdue - book.urgent;
  const header = { text: directorHeader(today, book.overdue, upcoming, book.urgent), item: false };
  return toDigest(person, { lines: [header, ...lines], hidden, items: book.total });
}

function supervisorLines(street: StreetBook, context: DigestContext, today: LocalDate): Composed | null {
  const reviews = street.reviewsOverdue + street.reviewsSoon;
  const actionable = street.overdueItems + reviews + street.urgentLate.length + street.own.total;
  if (actionable === 0) return null;

  const names = new Map(context.staff.map((s) => [s.id, s.name]));
  const behind = [...street.overdueBy.entries()]
    .map(([id, overdue]) => ({ id, name: id === null ? '无儿童主任' : names.get(id)!, overdue }))
    .sort((a, b) => b.overdue - a.overdue || (a.id ?? Infinity) - (b.id ?? Infinity));
  const lines: DigestLine[] = [
    { text: `【街道概况】${formatChatDate(today, today)} ${street.name}`, item: false },
    { text: tierLine(street.children, street.tiers, street.leaving), item: false },
    { text: behindLine(behind), item: false },
  ];
  if (reviews > 0) lines.push({ text: reviewsLine(street.reviewsOverdue, street.reviewsSoon), item: false });
  for (const r of street.urgentLate) lines.push({ text: urgentLine(r, today, true), item: true });
  let hidden = 0;
  if (street.own.total > 0) {
    lines.push({ text: '儿童主任空缺，以下儿童由督导员负责：', item: false });
    const own = entryLines(street.own, today);
    lines.push(...own.lines);
    hidden = own.hidden;
  }
  return { lines, hidden, items: actionable };
}

function streetLines(street: StreetBook, context: DigestContext, today: LocalDate): Composed | null {
  const lines: DigestLine[] = [];
  const add = (text: string) => lines.push({ text, item: true });

  const month = monthOf(today);
  for (const earlier of context.unpaidMonths.get(street.id) ?? []) {
    add(latePaymentLine(earlier, paymentDeadline(earlier), today));
  }
  const paymentRecorded = context.paidStreets.has(street.id);
  const forecastSubmitted = context.forecastStreets.has(street.id);
  for (const reminder of moneyReminders(today, { paymentRecorded, forecastSubmitted })) {
    add(moneyLine(reminder, today));
  }
  if (!paymentRecorded && paymentStatus(month, today) === 'late') {
    add(latePaymentLine(month, paymentDeadline(today), today));
  }
  // The forecast asked for this month's 25th, once that day has passed (R5.3).
  const forecast = nextForecast(paymentDeadline(today));
  if (!forecastSubmitted && forecast.deadline < today && monthOf(forecast.deadline) === month) {
    add(lateForecastLine(forecast.forQuarter, forecast.deadline, today));
  }
  for (const app of context.applications) if (app.streetId === street.id) add(applicationLine(app, today));
  for (const leave of street.leaves) add(leaveLine(leave, today));
  if (lines.length === 0) return null;

  const header = { text: `【街道待办】${formatChatDate(today, today)} ${street.name}`, item: false };
  return { lines: [header, ...lines], hidden: 0, items: lines.length };
}

function districtLines(streets: StreetBook[], context: DigestContext, today: LocalDate): Composed | null {
  const lines: DigestLine[] = [];
  for (const street of streets) {
    const spot = districtSpotCheck(context.spotChecks.get(street.id) ?? [], today);
    const spotDue = spot.status === 'due';
    if (street.overdueItems === 0 && !spotDue) continue;
    lines.push({
      text: streetSummaryLine(street.name, street.overdueItems, street.overdueChildren, spotDue),
      item: true,
    });
  }
  const late: UrgentRow[] = streets
    .flatMap((s) => s.urgentLate)
    .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a.id - b.id);
  const names = new Map(streets.map((s) => [s.id, s.name]));
  for (const r of late) {
    lines.push({ text: urgentLine(r, today, true, names.get(r.streetId!)), item: true });
  }
  if (lines.length === 0) return null;
  const header = { text: `【全区概况】${formatChatDate(today, today)}`, item: false };
  return { lines: [header, ...lines], hidden: 0, items: lines.length };
}
