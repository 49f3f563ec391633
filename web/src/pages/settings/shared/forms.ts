// Server validation errors (problem+json `errors[]`) mapped to the fields of a form.
import { isApiError, type FieldError } from '../../../api/problem';

export type FieldMatcher = readonly string[] | ((field: string) => boolean);

/** The server's message for `field`, when the failed request named it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return isApiError(error) ? error.fieldError(field) : undefined;
}

function matches(matcher: FieldMatcher, field: string): boolean {
  return typeof matcher === 'function' ? matcher(field) : matcher.includes(field);
}

/** The field errors a form cannot show next to one of its own fields. */
export function unplacedFieldErrors(error: unknown, fields: FieldMatcher): FieldError[] {
  if (!isApiError(error)) return [];
  return error.errors.filter((e) => !matches(fields, e.field));
}

/** True when the error is not (entirely) shown at the fields: the form then shows it as a whole. */
export function needsFormAlert(error: unknown, fields: FieldMatcher): boolean {
  if (!error) return false;
  if (!isApiError(error) || error.errors.length === 0) return true;
  return unplacedFieldErrors(error, fields).length > 0;
}

/** An RFC 3339 UTC time without milliseconds ("2026-01-02T03:04:05Z"), as the API's filters expect. */
export function toApiTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Local midnight at the start of a <input type="date"> value ("2026-01-02"), or null when empty or invalid. */
export function startOfLocalDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}
