// Saved views: a name for a filter set and sort (the list's URL query), kept in localStorage per user and
// organisation. Nothing is stored server-side: the API has no saved-view resource.

export interface SavedView {
  id: string;
  name: string;
  /** The canonical URL query of the view, without the leading '?'. */
  query: string;
}

export function savedViewsKey(userId: string, orgId: string): string {
  return `palisade.findings.views.${orgId}.${userId}`;
}

function isSavedView(value: unknown): value is SavedView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.query === 'string';
}

export function loadSavedViews(key: string): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isSavedView) : [];
  } catch {
    return [];
  }
}

/** Writes the views; false when storage is full or disabled. */
export function storeSavedViews(key: string, views: SavedView[]): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(views));
    return true;
  } catch {
    return false;
  }
}

export function newViewId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
