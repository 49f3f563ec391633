// The grade distribution, derived on the client: the API has no aggregate for it, so it is read from one page of
// finished scans (newest first), keeping the latest scan of each set of targets.
import type { Scan } from '../../api/types';

/** Grades as docs/checks.md defines them, best first; T and M are the TLS certificate grades. */
export const GRADE_ORDER = ['A+', 'A', 'A-', 'B', 'C', 'D', 'E', 'F', 'T', 'M'] as const;
/** Shown even when nobody has them, so the chart keeps its shape. */
const ALWAYS_SHOWN = new Set(['A', 'B', 'C', 'D', 'E', 'F']);

export const GRADE_FILL: Record<string, string> = {
  'A+': '#15803d',
  A: '#15803d',
  'A-': '#15803d',
  B: '#4d7c0f',
  C: '#b45309',
  D: '#c2410c',
  E: '#b91c1c',
  F: '#991b1b',
  T: '#7e22ce',
  M: '#7e22ce',
};
export const OTHER_GRADE_FILL = '#64748b';

export interface GradeDistribution {
  /** Grade and how many target sets have it as their latest grade, best grade first. */
  grades: { grade: string; count: number }[];
  /** Target sets whose latest finished scan has no grade (no module graded them). */
  ungraded: number;
  /** Distinct target sets counted. */
  targetSets: number;
}

function targetSetKey(scan: Scan): string {
  return [...scan.targets].sort().join('\n');
}

/** The latest scan of each target set; `scans` must be newest first, as GET /api/v1/scans answers. */
export function latestPerTargetSet(scans: readonly Scan[]): Scan[] {
  const seen = new Set<string>();
  const latest: Scan[] = [];
  for (const scan of scans) {
    const key = targetSetKey(scan);
    if (seen.has(key)) continue;
    seen.add(key);
    latest.push(scan);
  }
  return latest;
}

export function gradeDistribution(scans: readonly Scan[]): GradeDistribution {
  const latest = latestPerTargetSet(scans);
  const counts = new Map<string, number>();
  let ungraded = 0;
  for (const scan of latest) {
    const grade = scan.grade?.trim();
    if (!grade) ungraded += 1;
    else counts.set(grade, (counts.get(grade) ?? 0) + 1);
  }
  const known: readonly string[] = GRADE_ORDER;
  const grades: { grade: string; count: number }[] = GRADE_ORDER.filter((g) => ALWAYS_SHOWN.has(g) || counts.has(g)).map((grade) => ({
    grade,
    count: counts.get(grade) ?? 0,
  }));
  const others = [...counts.keys()].filter((g) => !known.includes(g)).sort();
  for (const grade of others) grades.push({ grade, count: counts.get(grade) ?? 0 });
  return { grades, ungraded, targetSets: latest.length };
}
