import type { FileIssue } from '../src/core/engine/report';

export const ERROR_KINDS = ['corrupt', 'unreadable', 'unsupported', 'too_large', 'missing', 'unlistable'];
/** Kinds shown as groups, in this order: leakage (the most consequential) before the duplicates it comes from. */
export const GROUP_KINDS = ['leakage', 'exact_duplicate', 'near_duplicate'];

/**
 * The Quality tab's chips: files that could not be read first, then per-image problems by count, then the group
 * kinds in GROUP_KINDS order (leakage before near duplicates, whatever their counts).
 */
export function issueKinds(issues: readonly FileIssue[]): { kind: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const issue of issues) counts.set(issue.kind, (counts.get(issue.kind) ?? 0) + 1);
  const section = (k: string) => (ERROR_KINDS.includes(k) ? 0 : GROUP_KINDS.includes(k) ? 2 : 1);
  return [...counts]
    .map(([kind, count]) => ({ kind, count }))
    .sort(
      (a, b) =>
        section(a.kind) - section(b.kind) ||
        GROUP_KINDS.indexOf(a.kind) - GROUP_KINDS.indexOf(b.kind) ||
        b.count - a.count,
    );
}
