// Assets: list and detail.
import type { PluralForms } from './types';

export const assets = {
} as const satisfies Record<string, string | PluralForms>;
