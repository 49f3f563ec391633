// The shapes of the API answers the UI reads (docs/api/openapi.yaml, components/schemas).

export type Role = 'admin' | 'analyst' | 'operator' | 'viewer';

export interface Me {
  id: string;
  email: string;
  display_name: string;
  email_verified: boolean;
  active: boolean;
  totp_enabled: boolean;
  role: Role;
  created_at: string;
  organization: { id: string; name: string };
  recovery_codes_left: number;
  /** What the server grants this credential, e.g. 'findings:triage'; 'session' only for cookie and bearer sessions. */
  permissions: string[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export type ScanState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Scan {
  id: string;
  state: ScanState;
  targets: string[];
  profile: string | null;
  modules: string[];
  progress: number;
  findings_count: number;
  complete: boolean;
  incomplete_reason?: string | null;
  error?: string | null;
  score?: number | null;
  grade?: string | null;
  created_by?: string | null;
  schedule_id?: string | null;
  created_at: string;
  started_at?: string | null;
  finished_at?: string | null;
}

export type NotificationPriority = 'low' | 'normal' | 'high' | 'urgent';

export interface AppNotification {
  id: string;
  kind: string;
  priority: NotificationPriority;
  title: string;
  body: string;
  link: string;
  read: boolean;
  read_at: string | null;
  created_at: string;
}

export interface LoginRequest {
  email: string;
  password: string;
  totp_code?: string;
}
