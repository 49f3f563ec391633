// The grade distribution's bars, from GET /api/v1/scans/grades: known grades best first, unknown ones last.

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

export interface GradeBar {
  grade: string;
  /** How many target lists have this grade as the grade of their latest done scan. */
  count: number;
}

/**
 * One bar per grade: A to F always, the other known grades when someone has them, then unknown grades in
 * alphabetical order. Blank grades and negative counts from the server are ignored.
 */
export function gradeBars(grades: Readonly<Record<string, number>>): GradeBar[] {
  const counts = new Map<string, number>();
  for (const [raw, count] of Object.entries(grades)) {
    const grade = raw.trim();
    if (!grade || !Number.isFinite(count) || count <= 0) continue;
    counts.set(grade, (counts.get(grade) ?? 0) + count);
  }
  const known: readonly string[] = GRADE_ORDER;
  const bars: GradeBar[] = GRADE_ORDER.filter((g) => ALWAYS_SHOWN.has(g) || counts.has(g)).map((grade) => ({
    grade,
    count: counts.get(grade) ?? 0,
  }));
  const others = [...counts.keys()].filter((g) => !known.includes(g)).sort();
  for (const grade of others) bars.push({ grade, count: counts.get(grade) ?? 0 });
  return bars;
}
