// Test fixtures: the permissions GET /api/v1/me lists for each role (src/auth/permissions.cpp, docs/api.md).
import type { Role } from '../api/types';

const EVERYONE: readonly Role[] = ['admin', 'analyst', 'operator', 'viewer'];

const GRANTS: Record<string, readonly Role[]> = {
  session: EVERYONE,
  'org:read': EVERYONE,
  'scans:read': EVERYONE,
  'findings:read': EVERYONE,
  'assets:read': EVERYONE,
  'scans:run': ['admin', 'analyst', 'operator'],
  'findings:import': ['admin', 'analyst', 'operator'],
  'assets:manage': ['admin', 'analyst', 'operator'],
  'findings:triage': ['admin', 'analyst'],
  'users:read': ['admin', 'analyst'],
  'users:manage': ['admin'],
  'org:manage': ['admin'],
  'audit:read': ['admin'],
  'outbox:read': ['admin'],
  'scans:delete': ['admin'],
  'scope:manage': ['admin'],
};

export function permissionsFor(role: Role): string[] {
  return Object.keys(GRANTS).filter((p) => GRANTS[p]?.includes(role));
}
