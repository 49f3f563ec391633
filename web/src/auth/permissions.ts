// Which role may do what: a mirror of docs/api.md "Roles and permissions" (src/auth/permissions.cpp).
// GET /api/v1/me returns the caller's role only, so the UI derives the permissions here. The server refuses
// anything the table does not allow anyway; this only decides what the UI offers.
import type { Role } from '../api/types';

export type Permission =
  | 'authenticated'
  | 'session'
  | 'org:read'
  | 'org:manage'
  | 'users:read'
  | 'users:manage'
  | 'audit:read'
  | 'outbox:read'
  | 'scans:read'
  | 'scans:run'
  | 'scans:delete'
  | 'scope:manage'
  | 'findings:read'
  | 'findings:triage'
  | 'findings:import'
  | 'assets:read'
  | 'assets:manage';

const EVERYONE: readonly Role[] = ['admin', 'analyst', 'operator', 'viewer'];

const GRANTS: Record<Permission, readonly Role[]> = {
  authenticated: EVERYONE,
  session: EVERYONE,
  'org:read': EVERYONE,
  'scans:read': EVERYONE,
  'findings:read': EVERYONE,
  'assets:read': EVERYONE,
  // Operators run scans and keep the inventory; analysts triage; both may start scans and import results.
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

export const ROLES: readonly Role[] = EVERYONE;

export function hasPermission(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return GRANTS[permission].includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(GRANTS) as Permission[]).filter((p) => GRANTS[p].includes(role));
}
