import { describe, expect, it } from 'vitest';
import { safeNextPath } from './RequireAuth';

describe('safeNextPath', () => {
  it('keeps paths of this app and drops everything else', () => {
    expect(safeNextPath('/findings?status=open')).toBe('/findings?status=open');
    expect(safeNextPath(null)).toBe('/');
    expect(safeNextPath('https://evil.example/')).toBe('/');
    expect(safeNextPath('//evil.example/')).toBe('/');
    expect(safeNextPath('/\\evil.example/')).toBe('/');
    expect(safeNextPath('/sign-in?next=/x')).toBe('/');
  });
});
