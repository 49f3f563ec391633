// Scans: list, new scan, live view, results, diff.
import type { PluralForms } from './types';

export const scans = {
} as const satisfies Record<string, string | PluralForms>;
