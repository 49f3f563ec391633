import { describe, expect, it } from 'vitest';
import { canonicalQuery, dateToUtc, filtersToApiQuery, filtersToSearchParams, parseFilters, utcToDate } from './filters';
import { loadSavedViews, savedViewsKey, storeSavedViews } from './savedViews';

describe('findings filters', () => {
  it('reads repeated and comma-separated values, drops unknown ones and keeps display order', () => {
    const f = parseFilters(new URLSearchParams('severity=low,critical&severity=bogus&status=fixed&status=open&sla_breached=1&sort=nonsense&q=%20x%20'));
    expect(f.severity).toEqual(['critical', 'low']);
    expect(f.status).toEqual(['open', 'fixed']);
    expect(f.sla_breached).toBe('true');
    expect(f.sort).toBe('-severity');
    expect(f.text.q).toBe('x');
  });

  it('writes the URL with the API parameter names, repeated values and no default sort', () => {
    const f = parseFilters(new URLSearchParams('severity=high,critical&assignee=me&first_seen_from=2026-01-01T00:00:00Z&sort=-severity'));
    expect(filtersToSearchParams(f).toString()).toBe('severity=critical&severity=high&assignee=me&first_seen_from=2026-01-01T00%3A00%3A00Z');
    expect(filtersToApiQuery(f)).toEqual({ severity: ['critical', 'high'], assignee: 'me', first_seen_from: '2026-01-01T00:00:00Z', sort: '-severity' });
    expect(canonicalQuery(new URLSearchParams('status=triaged,open'))).toBe('status=open&status=triaged');
  });

  it('converts date inputs to RFC 3339 UTC and back', () => {
    expect(dateToUtc('2026-03-04')).toBe('2026-03-04T00:00:00Z');
    expect(dateToUtc('')).toBe('');
    expect(utcToDate('2026-03-04T00:00:00Z')).toBe('2026-03-04');
    expect(utcToDate(undefined)).toBe('');
  });

  it('keeps saved views per user and organisation and ignores damaged storage', () => {
    const mine = savedViewsKey('user-1', 'org-1');
    expect(mine).not.toBe(savedViewsKey('user-1', 'org-2'));
    expect(storeSavedViews(mine, [{ id: 'v1', name: 'Mine', query: 'assignee=me' }])).toBe(true);
    expect(loadSavedViews(mine)).toEqual([{ id: 'v1', name: 'Mine', query: 'assignee=me' }]);
    expect(loadSavedViews(savedViewsKey('user-1', 'org-2'))).toEqual([]);
    localStorage.setItem(mine, '{not json');
    expect(loadSavedViews(mine)).toEqual([]);
    localStorage.setItem(mine, JSON.stringify([{ id: 1 }, { id: 'v2', name: 'Ok', query: '' }]));
    expect(loadSavedViews(mine)).toEqual([{ id: 'v2', name: 'Ok', query: '' }]);
  });
});
