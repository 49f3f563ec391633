// The list filters live in the URL under the API's parameter names (GET /api/v1/assets), so a filtered list can be
// linked to and shared.
import { ASSET_TYPES, CRITICALITIES, type AssetFilters, type AssetType, type Criticality } from './types';

export function parseAssetFilters(params: URLSearchParams): AssetFilters {
  const filters: AssetFilters = {};
  const type = params.get('type');
  if ((ASSET_TYPES as readonly string[]).includes(type ?? '')) filters.type = type as AssetType;
  const criticality = params.get('criticality');
  if ((CRITICALITIES as readonly string[]).includes(criticality ?? '')) filters.criticality = criticality as Criticality;
  const tag = params.get('tag')?.trim();
  if (tag) filters.tag = tag;
  const q = params.get('q')?.trim();
  if (q) filters.q = q;
  return filters;
}

export function assetFiltersToParams(filters: AssetFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of ['q', 'type', 'criticality', 'tag'] as const) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  return params;
}

export function hasFilters(filters: AssetFilters): boolean {
  return Boolean(filters.q || filters.type || filters.criticality || filters.tag);
}
