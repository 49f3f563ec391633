// The shapes of the findings API (docs/api/openapi.yaml: Finding, FindingChange, FindingBulkRequest/Result,
// FindingHistoryEntry, FindingComment) and of GET /api/v1/users, as this area reads them.
import type { Role } from '../../api/types';
import type { FindingStatus, Severity } from '../../components/severity';

export interface Cvss {
  version?: string;
  vector?: string;
  score?: number | null;
}

export interface Finding {
  id: string;
  check: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  fingerprint: string;
  first_seen: string;
  last_seen: string;
  occurrences: number;
  cvss?: Cvss | null;
  cwe?: string[];
  cve?: string[];
  location?: string;
  evidence?: string;
  recommendation?: string;
  references?: string[];
  module?: string;
  target?: string;
  asset_id?: string | null;
  regression?: boolean;
  first_scan_id?: string | null;
  last_scan_id?: string | null;
  fixed_scan_id?: string | null;
  fixed_at?: string | null;
  sla_due_at?: string | null;
  sla_breached?: boolean;
  assignee_id?: string | null;
  accepted_until?: string | null;
  justification?: string;
  created_at?: string;
  updated_at?: string;
}

/** PATCH /api/v1/findings/{id} (FindingChange); the bulk request adds `ids`. */
export interface FindingChange {
  status?: FindingStatus;
  assignee_id?: string | null;
  justification?: string;
  accepted_until?: string;
  sla_due_at?: string | null;
  note?: string;
}

export interface FindingBulkRequest extends FindingChange {
  ids: string[];
}

export interface FindingBulkResult {
  updated: string[];
  not_found: string[];
  conflicts: Array<{ id: string; message: string }>;
}

export type HistoryField =
  | 'status'
  | 'assignee_id'
  | 'sla_due_at'
  | 'accepted_until'
  | 'justification'
  | 'sla_breached'
  | 'note';

export interface FindingHistoryEntry {
  id: string;
  at: string;
  actor_user_id?: string | null;
  actor: string;
  field: HistoryField;
  from: string;
  to: string;
  note: string;
}

export interface FindingComment {
  id: string;
  author_id?: string | null;
  author: string;
  text: string;
  created_at: string;
}

/** A member of the organisation (GET /api/v1/users, schema User). */
export interface Member {
  id: string;
  email: string;
  display_name: string;
  active: boolean;
  role: Role;
}

export const FINDING_SORTS = [
  '-severity',
  'severity',
  '-last_seen',
  'last_seen',
  '-first_seen',
  'first_seen',
  'sla_due_at',
  '-sla_due_at',
] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];
export const DEFAULT_SORT: FindingSort = '-severity';

export const EXPORT_FORMATS = ['csv', 'json', 'sarif'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
