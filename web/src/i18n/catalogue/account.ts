// Pages outside the shell: sign-up, e-mail verification, password reset, invitation acceptance.
import type { PluralForms } from './types';

export const account = {
} as const satisfies Record<string, string | PluralForms>;
