// Findings: table, saved views, bulk triage, detail panel.
import type { PluralForms } from './types';

export const findings = {
} as const satisfies Record<string, string | PluralForms>;
