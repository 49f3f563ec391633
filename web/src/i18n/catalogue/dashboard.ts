// The dashboard charts.
import type { PluralForms } from './types';

export const dashboard = {
} as const satisfies Record<string, string | PluralForms>;
