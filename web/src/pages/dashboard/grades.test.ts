import { describe, expect, it } from 'vitest';
import { gradeBars } from './grades';
import { findingsHref, utcDayStart } from './links';

describe('grade bars', () => {
  it('orders grades best first, shows A to F always, rare grades when present and unknown ones last', () => {
    const bars = gradeBars({ Z: 1, T: 2, B: 3, 'A+': 1, Q: 4 });
    expect(bars.map((b) => b.grade)).toEqual(['A+', 'A', 'B', 'C', 'D', 'E', 'F', 'T', 'Q', 'Z']);
    expect(bars.find((b) => b.grade === 'B')?.count).toBe(3);
    expect(bars.find((b) => b.grade === 'A')?.count).toBe(0);
    expect(bars.find((b) => b.grade === 'Q')?.count).toBe(4);
  });

  it('shows only A to F at zero when nothing is graded, and ignores blank grades and empty counts', () => {
    const bars = gradeBars({ ' ': 2, 'A-': 0, M: -1 });
    expect(bars).toEqual(['A', 'B', 'C', 'D', 'E', 'F'].map((grade) => ({ grade, count: 0 })));
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
