import { describe, expect, it } from 'vitest';
import { passwordHint } from './passwordStrength';

describe('passwordHint', () => {
  it('follows the server policy for what it refuses', () => {
    expect(passwordHint('')).toBeNull();
    expect(passwordHint('short')).toEqual({ key: 'account.password.tooShort', blocking: true, count: 7 });
    // Code points, not UTF-16 units, as the server counts them.
    expect(passwordHint('🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒')?.count).toBe(1);
    expect(passwordHint('aaaaaaaaaaaaaa')?.key).toBe('account.password.repeated');
    expect(passwordHint('xx-ana.lyst-2026', 'ana.lyst@example.com')?.key).toBe('account.password.containsEmail');
    expect(passwordHint('bob-likes-tea-2026', 'bob@example.com')?.key).not.toBe('account.password.containsEmail');
  });

  it('advises against easy passwords and accepts good ones', () => {
    expect(passwordHint('Password2026!')).toEqual({ key: 'account.password.weak', blocking: false });
    expect(passwordHint('abcabcabcabcab')?.key).toBe('account.password.weak');
    expect(passwordHint('lowercaseonlyx')?.key).toBe('account.password.weak');
    expect(passwordHint('violet kettle orbit 42')).toEqual({ key: 'account.password.ok', blocking: false });
  });
});
