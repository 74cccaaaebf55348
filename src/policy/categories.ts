// R1.1 and R1.3: from the two parents' recorded situations, which C1–C3 sub-types to suggest.
// A person confirms a suggestion; C1a, C2e and C3c need facts the parents' statuses do not
// carry (a foundling, nobody raising the child in fact, birth out of wedlock) and are never
// suggested here.

import { addMonthsToDay, formatDay, type LocalDate, parseDay } from './dates.js';
import { PolicyInputError } from './errors.js';
import type { CategoryCode, ParentStatus } from './labels.js';

export interface ParentSituation {
  status: ParentStatus;
  /**
   * imprisoned / rehab: first day of the term; abandoned: the day contact was lost.
   * Needed to check the 6-month thresholds of R1.1.
   */
  since?: LocalDate;
  /** imprisoned / rehab: last day of the term as sentenced or decided */
  termEnds?: LocalDate;
  /** imprisoned / rehab: the term in months, when only the length is on the paper */
  termMonths?: number;
}

/** How a parent's situation reads under R1.1 on a given day. */
export type ParentClass = 'dead' | 'missing' | 'custody' | 'abandoned' | 'incapable' | 'none';

export interface ParentReading {
  class: ParentClass;
  /** the status has a 6-month threshold that is not met yet, but will be on this day */
  countsFrom?: LocalDate;
  /** the threshold cannot be checked: the date or term that would settle it */
  needs?: 'since' | 'term';
}

export interface CategorySuggestion {
  /** sub-types that apply on the day (R1.3); at most one from a pair of statuses */
  codes: CategoryCode[];
  /** a sub-type that will apply once a 6-month threshold is met, and from when */
  pending: { code: CategoryCode; from: LocalDate }[];
  /** facts missing to check a threshold, e.g. 'father.since', 'mother.term' */
  missingFacts: string[];
}

const THRESHOLD_MONTHS = 6;

/** R1.1: a custodial term (prison or compulsory rehab) counts when it is 6 months or more. */
function readCustody(parent: ParentSituation, day: number): ParentReading {
  const since = parent.since === undefined ? undefined : parseDay(parent.since, 'since');
  const ends = parent.termEnds === undefined ? undefined : parseDay(parent.termEnds, 'termEnds');
  if (since !== undefined && since > day) return { class: 'none' };
  if (ends !== undefined && ends < day) return { class: 'none' };

  if (parent.termMonths !== undefined) {
    if (!Number.isFinite(parent.termMonths) || parent.termMonths < 0) {
      throw new PolicyInputError('INVALID_HISTORY', `termMonths is not a term: ${parent.termMonths}`);
    }
    return parent.termMonths >= THRESHOLD_MONTHS ? { class: 'custody' } : { class: 'none' };
  }
  if (since === undefined) return { class: 'none', needs: 'since' };

  const sixMonthsOn = addMonthsToDay(since, THRESHOLD_MONTHS);
  // A term from 10 January to 9 July inclusive is six months.
  if (ends !== undefined && ends + 1 >= sixMonthsOn) return { class: 'custody' };
  // Six months already served proves the term is at least that long.
  if (day >= sixMonthsOn) return { class: 'custody' };
  if (ends !== undefined) return { class: 'none' };
  return { class: 'none', countsFrom: formatDay(sixMonthsOn), needs: 'term' };
}

/** R1.1: abandonment counts after 6 months without care or contact. */
function readAbandoned(parent: ParentSituation, day: number): ParentReading {
  if (parent.since === undefined) return { class: 'none', needs: 'since' };
  const sixMonthsOn = addMonthsToDay(parseDay(parent.since, 'since'), THRESHOLD_MONTHS);
  if (day >= sixMonthsOn) return { class: 'abandoned' };
  return { class: 'none', countsFrom: formatDay(sixMonthsOn) };
}

/** How one parent's situation counts under R1.1 on `on`. */
export function readParent(parent: ParentSituation, on: LocalDate): ParentReading {
  const day = parseDay(on);
  switch (parent.status) {
    case 'dead':
      return { class: 'dead' };
    case 'missing':
      return { class: 'missing' };
    case 'imprisoned':
    case 'rehab':
      return readCustody(parent, day);
    case 'abandoned':
      return readAbandoned(parent, day);
    case 'severely_disabled':
    case 'seriously_ill':
      return { class: 'incapable' };
    default:
      return { class: 'none' };
  }
}

const GONE: ReadonlySet<ParentClass> = new Set(['dead', 'missing']);
const UNABLE: ReadonlySet<ParentClass> = new Set(['dead', 'missing', 'custody', 'abandoned']);

/** The C1–C3 sub-type for a pair of classes, in either order, or undefined. */
export function categoryForPair(a: ParentClass, b: ParentClass): CategoryCode | undefined {
  if (a === 'none' || b === 'none') return undefined;
  if ((a === 'dead' && b === 'dead') || (a === 'missing' && b === 'missing')) return 'C1b';
  if (GONE.has(a) && GONE.has(b)) return 'C1c';
  if (a === 'custody' && b === 'custody') return 'C2a';
  if ((GONE.has(a) && b === 'custody') || (GONE.has(b) && a === 'custody')) return 'C2b';
  if (a === 'abandoned' && b === 'abandoned') return 'C2d';
  if (a === 'abandoned' || b === 'abandoned') {
    const other = a === 'abandoned' ? b : a;
    return other === 'incapable' ? 'C3b' : 'C2c';
  }
  if (a === 'incapable' && b === 'incapable') return 'C3a';
  if ((a === 'incapable' && UNABLE.has(b)) || (b === 'incapable' && UNABLE.has(a))) return 'C3b';
  return undefined;
}

/** The class a parent will have once a pending threshold is met. */
function eventualClass(parent: ParentSituation): ParentClass {
  if (parent.status === 'abandoned') return 'abandoned';
  if (parent.status === 'imprisoned' || parent.status === 'rehab') return 'custody';
  return 'none';
}

/**
 * R1.3: the C1–C3 sub-types the two parents' situations give on `on`, to be suggested to a
 * person for confirmation; plus what will apply once a 6-month threshold is met, and the
 * facts still missing to check one.
 */
export function suggestParentCategories(
  father: ParentSituation,
  mother: ParentSituation,
  on: LocalDate,
): CategorySuggestion {
  const f = readParent(father, on);
  const m = readParent(mother, on);
  const missingFacts: string[] = [];
  if (f.needs) missingFacts.push(`father.${f.needs}`);
  if (m.needs) missingFacts.push(`mother.${m.needs}`);

  const now = categoryForPair(f.class, m.class);
  if (now) return { codes: [now], pending: [], missingFacts };

  const fLater = f.countsFrom ? eventualClass(father) : f.class;
  const mLater = m.countsFrom ? eventualClass(mother) : m.class;
  const later = categoryForPair(fLater, mLater);
  const pending: CategorySuggestion['pending'] = [];
  if (later && (f.countsFrom || m.countsFrom)) {
    const dates = [f.countsFrom, m.countsFrom].filter((d): d is string => d !== undefined).sort();
    pending.push({ code: later, from: dates[dates.length - 1]! });
  }
  return { codes: [], pending, missingFacts };
}
