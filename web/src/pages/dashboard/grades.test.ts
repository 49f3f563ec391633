import { describe, expect, it } from 'vitest';
import type { Scan } from '../../api/types';
import { gradeDistribution, latestPerTargetSet } from './grades';
import { findingsHref, utcDayStart } from './links';

function scan(id: string, targets: string[], grade: string | null): Scan {
  return { id, state: 'done', targets, profile: 'quick', modules: [], progress: 100, findings_count: 0, complete: true, grade, created_at: '2026-01-01T00:00:00Z' };
}

describe('grade distribution', () => {
  it('keeps the newest scan of each target set, whatever the order of its targets', () => {
    const latest = latestPerTargetSet([scan('new', ['b', 'a'], 'A'), scan('old', ['a', 'b'], 'F'), scan('x', ['c'], 'C')]);
    expect(latest.map((s) => s.id)).toEqual(['new', 'x']);
  });

  it('orders grades best first, shows A to F always, rare grades when present and unknown ones last', () => {
    const result = gradeDistribution([
      scan('1', ['a'], 'A+'),
      scan('2', ['b'], 'T'),
      scan('3', ['c'], 'Z'),
      scan('4', ['d'], null),
      scan('5', ['e'], 'B'),
    ]);
    expect(result.grades.map((g) => g.grade)).toEqual(['A+', 'A', 'B', 'C', 'D', 'E', 'F', 'T', 'Z']);
    expect(result.grades.find((g) => g.grade === 'B')?.count).toBe(1);
    expect(result.ungraded).toBe(1);
    expect(result.targetSets).toBe(5);
  });
});

describe('dashboard links', () => {
  it('repeats list parameters and skips undefined ones', () => {
    expect(findingsHref({ severity: 'high', status: ['open', 'triaged'], q: undefined })).toBe(
      '/findings?severity=high&status=open&status=triaged',
    );
    expect(findingsHref()).toBe('/findings');
  });

  it('turns a summary week into an RFC 3339 UTC instant', () => {
    expect(utcDayStart('2026-08-31')).toBe('2026-08-31T00:00:00Z');
    expect(utcDayStart('2026-08-31', 7)).toBe('2026-09-07T00:00:00Z');
  });
});
