// The API shapes the settings screens read (docs/api/openapi.yaml, components/schemas), beyond api/types.ts.
import type { Page, Role } from '../../api/types';

/** Roles from the least to the most privileged (an API key's role may not exceed its creator's). */
export const ROLES: readonly Role[] = ['viewer', 'operator', 'analyst', 'admin'];

export function rolesUpTo(role: Role): Role[] {
  return ROLES.slice(0, ROLES.indexOf(role) + 1);
}

export interface User {
  id: string;
  email: string;
  display_name: string;
  email_verified: boolean;
  active: boolean;
  totp_enabled: boolean;
  role: Role;
  created_at: string;
}

export interface TotpEnrollment {
  secret: string;
  otpauth_uri: string;
  qr_svg: string;
}

export interface RecoveryCodes {
  recovery_codes: string[];
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  seq: number;
  id: string;
  at: string;
  org_id: string | null;
  actor_user_id: string | null;
  actor_key_id: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string;
  client_ip: string;
  request_id: string;
  outcome: AuditOutcome;
  summary: string;
  prev_hash: string;
  hash: string;
}

export interface Scope {
  domains: string[];
  cidrs: string[];
}

export const SLA_FIELDS = ['critical_days', 'high_days', 'medium_days', 'low_days', 'info_days'] as const;
export type SlaField = (typeof SLA_FIELDS)[number];

export type SlaPolicy = Record<SlaField, number | null> & {
  is_default: boolean;
  updated_at?: string | null;
  updated_by?: string | null;
};

export const NOTIFICATION_EVENTS = ['finding.new', 'scan.finished', 'scan.failed', 'sla.breached', 'risk.expiring'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export type InAppTarget = 'all' | 'roles' | 'creator';

export interface NotificationChannels {
  in_app?: { to?: InAppTarget; roles?: Role[] } | null;
  email?: { addresses?: string[]; roles?: Role[] } | null;
  webhook_ids?: string[];
}

export interface NotificationRule {
  id: string;
  name: string;
  event: NotificationEvent;
  enabled: boolean;
  min_severity: string | null;
  days_before: number | null;
  channels: NotificationChannels;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationRuleList extends Page<NotificationRule> {
  defaults_in_effect: boolean;
}

export interface Webhook {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  allow_private: boolean;
  secret_hint: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface CreatedWebhook extends Webhook {
  secret: string;
}

export type DeliveryOutcome = 'delivered' | 'retrying' | 'failed';

export interface WebhookDelivery {
  id: string;
  webhook_id: string;
  delivery_id: string;
  event_id: string;
  event: string;
  attempt: number;
  outcome: DeliveryOutcome;
  status_code: number;
  duration_ms: number;
  error: string;
  at: string;
}
