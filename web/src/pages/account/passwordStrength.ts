// A client-side hint about a password while it is typed. The server's policy (auth/password_policy.cpp) decides:
// at least 12 characters, not a common password, not one character repeated, not containing the e-mail address.
import type { MessageKey } from '../../i18n';

export const MIN_PASSWORD_CHARS = 12;

export interface PasswordHint {
  key: MessageKey;
  /** True when the server would refuse the password; false for advice. */
  blocking: boolean;
  count?: number;
}

const OBVIOUS = ['password', 'passwort', 'qwerty', 'azerty', '123456', 'letmein', 'welcome', 'admin', 'palisade'];

function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

/** What to tell about `password` (null when it is empty). `email` lets it warn about the address inside it. */
export function passwordHint(password: string, email = ''): PasswordHint | null {
  if (password === '') return null;
  const chars = Array.from(password);
  if (chars.length < MIN_PASSWORD_CHARS) {
    return { key: 'account.password.tooShort', blocking: true, count: MIN_PASSWORD_CHARS - chars.length };
  }
  if (chars.every((c) => c === chars[0])) return { key: 'account.password.repeated', blocking: true };
  const lower = password.toLowerCase();
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0] ?? '';
  if ((address && lower.includes(address)) || (Array.from(local).length >= 4 && lower.includes(local))) {
    return { key: 'account.password.containsEmail', blocking: true };
  }
  const distinct = new Set(chars).size;
  const obvious = OBVIOUS.some((word) => lower.includes(word));
  if (obvious || distinct < 6 || (characterClasses(password) === 1 && chars.length < 16)) {
    return { key: 'account.password.weak', blocking: false };
  }
  return { key: 'account.password.ok', blocking: false };
}
