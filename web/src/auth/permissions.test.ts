import { describe, expect, it } from 'vitest';
import { NAV_ITEMS, visibleNavItems } from '../shell/navigation';
import { meFixture } from '../test/fetchMock';
import { hasPermission } from './permissions';

const as = (role: 'admin' | 'analyst' | 'operator' | 'viewer') => meFixture(role);

describe('permissions', () => {
  it('follows the permissions GET /api/v1/me lists', () => {
    expect(hasPermission(as('viewer'), 'findings:read')).toBe(true);
    expect(hasPermission(as('viewer'), 'findings:triage')).toBe(false);
    expect(hasPermission(as('viewer'), 'scans:run')).toBe(false);
    expect(hasPermission(as('operator'), 'scans:run')).toBe(true);
    expect(hasPermission(as('operator'), 'findings:triage')).toBe(false);
    expect(hasPermission(as('operator'), 'users:read')).toBe(false);
    expect(hasPermission(as('analyst'), 'findings:triage')).toBe(true);
    expect(hasPermission(as('analyst'), 'users:read')).toBe(true);
    expect(hasPermission(as('analyst'), 'users:manage')).toBe(false);
    expect(hasPermission(as('analyst'), 'scans:delete')).toBe(false);
    expect(hasPermission(as('viewer'), 'authenticated')).toBe(true);
    expect(hasPermission({ permissions: ['scans:read'] }, 'session')).toBe(false);
    expect(hasPermission(null, 'scans:read')).toBe(false);
  });

  it('hides navigation entries the role cannot use, and screens not built yet', () => {
    const items = NAV_ITEMS.map((item) => ({ ...item, built: true }));
    const admin = visibleNavItems((p) => hasPermission(as('admin'), p), items).map((i) => i.to);
    expect(admin).toEqual(['/', '/scans', '/findings', '/assets', '/notifications', '/settings']);
    const auditOnly = [{ to: '/audit', label: 'nav.settings' as const, permission: 'audit:read' as const, built: true }];
    expect(visibleNavItems((p) => hasPermission(as('analyst'), p), auditOnly)).toEqual([]);
    expect(visibleNavItems((p) => hasPermission(as('admin'), p), auditOnly)).toHaveLength(1);
    expect(visibleNavItems(() => true).every((i) => i.built)).toBe(true);
  });
});
