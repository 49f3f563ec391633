// What the UI offers: GET /api/v1/me lists the permissions the server grants the credential (docs/api.md "Roles and
// permissions"), so the UI keeps no copy of the role table. The server refuses anything not granted anyway.
import type { Me } from '../api/types';

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

/** True when the signed-in caller may do `permission` ('authenticated': anyone signed in). */
export function hasPermission(me: Pick<Me, 'permissions'> | null | undefined, permission: Permission): boolean {
  if (!me) return false;
  if (permission === 'authenticated') return true;
  return me.permissions.includes(permission);
}
