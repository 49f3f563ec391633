import { describe, expect, it } from 'vitest';
import { NAV_ITEMS, visibleNavItems } from '../shell/navigation';
import { hasPermission, permissionsOf } from './permissions';

describe('permissions', () => {
  it('mirrors the role table of docs/api.md', () => {
    expect(hasPermission('viewer', 'findings:read')).toBe(true);
    expect(hasPermission('viewer', 'findings:triage')).toBe(false);
    expect(hasPermission('viewer', 'scans:run')).toBe(false);
    expect(hasPermission('operator', 'scans:run')).toBe(true);
    expect(hasPermission('operator', 'findings:triage')).toBe(false);
    expect(hasPermission('operator', 'users:read')).toBe(false);
    expect(hasPermission('analyst', 'findings:triage')).toBe(true);
    expect(hasPermission('analyst', 'users:read')).toBe(true);
    expect(hasPermission('analyst', 'users:manage')).toBe(false);
    expect(hasPermission('analyst', 'scans:delete')).toBe(false);
    expect(permissionsOf('admin')).toHaveLength(17);
    expect(hasPermission(null, 'scans:read')).toBe(false);
  });

  it('hides navigation entries the role cannot use, and screens not built yet', () => {
    const items = NAV_ITEMS.map((item) => ({ ...item, built: true }));
    const admin = visibleNavItems((p) => hasPermission('admin', p), items).map((i) => i.to);
    expect(admin).toEqual(['/', '/scans', '/findings', '/assets', '/notifications', '/settings']);
    const auditOnly = [{ to: '/audit', label: 'nav.settings' as const, permission: 'audit:read' as const, built: true }];
    expect(visibleNavItems((p) => hasPermission('analyst', p), auditOnly)).toEqual([]);
    expect(visibleNavItems((p) => hasPermission('admin', p), auditOnly)).toHaveLength(1);
    expect(visibleNavItems(() => true).every((i) => i.built)).toBe(true);
  });
});
