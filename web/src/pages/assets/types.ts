// The assets API as the screens read it (docs/api/openapi.yaml: Asset, AssetDetail, AssetCreateRequest,
// AssetUpdateRequest).
import type { Severity } from '../../components/severity';

export const ASSET_TYPES = ['host', 'web', 'domain', 'other'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** Open and triaged findings linked to the asset, by severity, and their total. */
export type OpenFindingCounts = Partial<Record<Severity | 'total', number>>;

export interface Asset {
  id: string;
  type: AssetType;
  name: string;
  criticality: Criticality;
  owner?: string;
  environment?: string;
  tags: string[];
  source: 'scan' | 'manual';
  addresses?: string[];
  first_seen?: string | null;
  last_seen?: string | null;
  last_scan_id?: string | null;
  created_at?: string;
  updated_at?: string;
  open_findings: OpenFindingCounts;
  /** 0 to 100, from the open and triaged findings and the criticality. */
  risk_score: number;
}

export interface AssetService {
  address?: string;
  port?: number;
  proto?: string;
  service?: string;
  product?: string;
  version?: string;
  tls?: boolean;
  first_seen?: string;
  last_seen?: string;
  last_scan_id?: string;
}

export interface AssetCertificate {
  location?: string;
  subject?: string;
  issuer?: string;
  not_after?: string;
}

export interface AssetTechnology {
  name?: string;
  version?: string;
}

export interface AssetDetail extends Asset {
  services?: AssetService[];
  certificates?: AssetCertificate[];
  technologies?: AssetTechnology[];
  /** The scans that saw the asset, newest first (at most 50). */
  scan_ids?: string[];
}

export interface AssetCreateRequest {
  type: AssetType;
  name: string;
  criticality?: Criticality;
  owner?: string;
  environment?: string;
  tags?: string[];
}

export type AssetUpdateRequest = Partial<AssetCreateRequest>;

/** The filters GET /api/v1/assets offers, under the API's parameter names (also used in the page's URL). */
export interface AssetFilters {
  type?: AssetType;
  criticality?: Criticality;
  tag?: string;
  q?: string;
}

/** The few fields of a finding the asset page lists (Finding in the OpenAPI). */
export interface AssetFinding {
  id: string;
  title: string;
  severity: Severity;
  status: string;
  location?: string;
  last_seen: string;
}

export const assetKeys = {
  all: ['assets'] as const,
  list: (filters: AssetFilters) => ['assets', 'list', filters] as const,
  detail: (id: string) => ['assets', 'detail', id] as const,
  top: ['assets', 'top'] as const,
};
