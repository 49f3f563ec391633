import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatPercent, formatRelative, setLocale, t } from '.';

describe('t', () => {
  it('fills placeholders and localises numbers in them', () => {
    expect(t('scan.moreTargets', { first: 'www.example.com', count: 1234 })).toBe('www.example.com and 1,234 more');
    setLocale('de-DE');
    expect(t('scan.moreTargets', { first: 'a', count: 1234 })).toBe('a and 1.234 more');
  });

  it('chooses the plural form from count', () => {
    expect(t('bell.label', { count: 0 })).toBe('Notifications, none unread');
    expect(t('bell.label', { count: 1 })).toBe('Notifications, 1 unread');
    expect(t('bell.label', { count: 12 })).toBe('Notifications, 12 unread');
  });

  it('leaves an unknown placeholder visible rather than dropping it', () => {
    expect(t('userMenu.open')).toBe('Account menu for {name}');
  });
});

// ICU versions differ in the space they put before "PM" or between thousands (U+0020, U+00A0, U+202F).
const spaces = (text: string) => text.replace(/\s/gu, ' ');

describe('formatters', () => {
  const at = '2026-01-02T15:04:05.678Z';

  it('formats numbers and percentages for the locale', () => {
    expect(formatNumber(1234567.5)).toBe('1,234,567.5');
    expect(formatPercent(42)).toBe('42%');
    setLocale('fr-FR');
    expect(spaces(formatNumber(1234567.5))).toBe('1 234 567,5');
  });

  it('formats dates for the locale', () => {
    const utc = { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' } as const;
    expect(spaces(formatDate(at, utc))).toBe('Jan 2, 2026, 3:04 PM');
    setLocale('en-GB');
    expect(formatDate(at, utc)).toBe('2 Jan 2026, 15:04');
    expect(formatDate('not a date')).toBe('');
  });

  it('formats relative times with the largest sensible unit', () => {
    const now = Date.parse(at);
    expect(formatRelative(now - 30_000, now)).toBe('30 seconds ago');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(formatRelative(now - 3 * 3600_000, now)).toBe('3 hours ago');
    expect(formatRelative(now - 24 * 3600_000, now)).toBe('yesterday');
    expect(formatRelative(now + 2 * 86400_000, now)).toBe('in 2 days');
    expect(formatRelative(now - 400 * 86400_000, now)).toBe('last year');
  });
});
