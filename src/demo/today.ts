// Placeholder until src/policy lands: the Asia/Shanghai calendar day of an instant (UTC+8, no DST).
export function todayInShanghai(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
