// The API shapes the scan screens read (docs/api/openapi.yaml components/schemas; docs/output-formats.md for the
// result contract). Scan itself is the shared type of api/types.ts, extended with the fields only these screens use.
import type { Scan, ScanState } from '../../api/types';
import type { Severity } from '../../components/severity';

export type ModuleName = 'ports' | 'services' | 'tls' | 'headers' | 'web' | 'templates';

/** What an ended scan did to the stored findings. */
export interface ScanSummary {
  new?: number;
  seen_again?: number;
  regressions?: number;
  fixed?: number;
  suppressed?: number;
  assets_created?: number;
  assets_updated?: number;
}

export interface ScanDetail extends Scan {
  options?: Record<string, unknown>;
  summary?: ScanSummary | null;
}

export const ENDED_STATES: readonly ScanState[] = ['done', 'failed', 'cancelled'];
export const SCAN_STATES: readonly ScanState[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

export function isEnded(state: ScanState): boolean {
  return ENDED_STATES.includes(state);
}

export interface Scope {
  domains?: string[];
  cidrs?: string[];
}

export interface ScanProfile {
  id: string;
  name: string;
  description?: string;
  builtin: boolean;
  modules: string[];
  options: Record<string, unknown>;
  created_at?: string | null;
}

export interface CreateScanRequest {
  targets: string[];
  profile?: string;
}

export interface CreateScanScheduleRequest {
  name: string;
  cron: string;
  timezone?: string;
  targets: string[];
  profile?: string;
  enabled?: boolean;
}

export interface ScanSchedule {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  targets: string[];
  profile: string | null;
  enabled: boolean;
  next_run_at: string | null;
  last_run_at: string | null;
  last_scan_id: string | null;
  created_at: string;
}

export type ScanEventType = 'state' | 'module_started' | 'module_finished' | 'progress';

export interface ScanEvent {
  topic?: string;
  type: string;
  data: unknown;
  at?: string;
  seq?: number;
}

export interface ScanEventList {
  items: ScanEvent[];
  next_after_seq: number | null;
}

export type ModuleStatus = 'done' | 'failed' | 'timed_out' | 'cancelled' | 'skipped';

/** GET /api/v1/scans/{id}/results: the scan result contract (docs/output-formats.md). */
export interface ResultModule {
  name: string;
  status: ModuleStatus | string;
  duration_ms: number;
  grade: string | null;
  score: number | null;
  error?: string | null;
}

export interface ResultFinding {
  check: string;
  title: string;
  severity: Severity;
  location: string;
  fingerprint: string;
}

export interface ResultTarget {
  target: string;
  score: number | null;
  grade: string | null;
  error: string | null;
  modules: ResultModule[];
}

export interface ScanResult {
  target: string;
  started_at: string;
  finished_at: string;
  score: number | null;
  grade: string | null;
  modules: ResultModule[];
  findings: ResultFinding[];
  complete: boolean;
  incomplete_reason: string | null;
  targets?: ResultTarget[];
}

/** A finding as GET /api/v1/findings lists it (the fields these screens show). */
export interface FindingItem {
  id: string;
  check: string;
  title: string;
  severity: Severity;
  status: string;
  location?: string;
  fingerprint: string;
  regression?: boolean;
}

export interface FindingSummary {
  fingerprint: string;
  check: string;
  title: string;
  severity: Severity;
  location: string;
}

export interface ScanDiff {
  scan_id: string;
  base_scan_id: string;
  new: FindingSummary[];
  fixed: FindingSummary[];
  unchanged: FindingSummary[];
  counts: { new?: number; fixed?: number; unchanged?: number };
}
