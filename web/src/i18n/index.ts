// The one i18n layer: every visible string goes through t(), every date and number through the formatters.
import { en, type MessageKey, type PluralForms } from './en';

export type { MessageKey } from './en';
export type Params = Record<string, string | number>;

type Catalogue = Record<MessageKey, string | PluralForms>;

const catalogues: Record<string, Catalogue> = { en };
let locale = detectLocale();
let catalogue: Catalogue = en;

function detectLocale(): string {
  if (typeof navigator !== 'undefined' && navigator.language) return navigator.language;
  return 'en';
}

/** Sets the locale used for formatting and, when a catalogue exists for its language, for messages. */
export function setLocale(next: string): void {
  locale = next;
  catalogue = catalogues[next.split('-')[0] ?? 'en'] ?? en;
}

export function getLocale(): string {
  return locale;
}

function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

function choosePlural(forms: PluralForms, count: number): string {
  if (count === 0 && forms.zero !== undefined) return forms.zero;
  const category = new Intl.PluralRules(locale).select(count) as keyof PluralForms;
  return forms[category] ?? forms.other;
}

/** The message for `key`, with `{name}` placeholders filled from params (numbers are localised). */
export function t(key: MessageKey, params?: Params): string {
  const entry = catalogue[key] ?? en[key];
  if (entry === undefined) return key;
  if (typeof entry === 'string') return interpolate(entry, params);
  const count = typeof params?.count === 'number' ? params.count : 0;
  return interpolate(choosePlural(entry, count), params);
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

export function formatPercent(percent: number): string {
  return formatNumber(percent / 100, { style: 'percent', maximumFractionDigits: 0 });
}

export function formatDate(
  value: Date | string | number,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, options).format(date);
}

const RELATIVE_STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

/** "3 minutes ago", "in 2 days": the largest unit that keeps the value at or above one. */
export function formatRelative(value: Date | string | number, now: Date | number = Date.now()): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  let amount = (date.getTime() - toDate(now).getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}
