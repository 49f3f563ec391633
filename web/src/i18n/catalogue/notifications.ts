// The notification centre.
import type { PluralForms } from './types';

export const notifications = {
} as const satisfies Record<string, string | PluralForms>;
