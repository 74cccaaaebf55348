// Placeholder date helpers for the demo generator, replaced by src/policy once it lands.
export type LocalDate = string;
const DAY = 86_400_000;
const toMs = (d: LocalDate) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10);
export const addDays = (d: LocalDate, n: number): LocalDate => fromMs(toMs(d) + n * DAY);
export const dayDiff = (a: LocalDate, b: LocalDate): number => Math.round((toMs(b) - toMs(a)) / DAY);
export function addMonths(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return fromMs(Date.UTC(ny, nm, Math.min(day, last)));
}
export function startOfPeriod(d: LocalDate, unit: 'week' | 'month' | 'quarter' | 'half'): LocalDate {
  const [y, m] = d.split('-').map(Number) as [number, number];
  if (unit === 'week') return addDays(d, -((new Date(toMs(d)).getUTCDay() + 6) % 7));
  const size = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 6;
  const sm = Math.floor((m - 1) / size) * size + 1;
  return `${y}-${String(sm).padStart(2, '0')}-01`;
}
export function endOfPeriod(d: LocalDate, unit: 'week' | 'month' | 'quarter' | 'half'): LocalDate {
  if (unit === 'week') return addDays(startOfPeriod(d, unit), 6);
  const size = unit === 'month' ? 1 : unit === 'quarter' ? 3 : 6;
  return addDays(addMonths(startOfPeriod(d, unit), size), -1);
}
export const minimumMonths = (level: number): number => [0, 3, 3, 6, 0][level] ?? 0;
export function idCheckDigit(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * (w[i] ?? 0), 0);
  return '10X98765432'[sum % 11] as string;
}
