// Settings: profile, password, two-factor, API keys, scope, members, invitations, SLA, rules, webhooks, audit.
import type { PluralForms } from './types';

export const settings = {
} as const satisfies Record<string, string | PluralForms>;
