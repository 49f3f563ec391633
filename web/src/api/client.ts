// The fetch wrapper for the same-origin API: session cookies, the CSRF header on unsafe methods, problem+json
// errors as ApiError, and one refresh of the session when an access token has expired.
import { CSRF_HEADER, csrfToken, isUnsafeMethod } from './csrf';
import { ApiError, networkError, problemFromResponse } from './problem';

export type Query = Record<string, string | number | boolean | null | undefined | Array<string | number>>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  fetch?: typeof fetch;
  /** Called once the session is gone for good (the refresh failed): the UI goes back to sign-in. */
  onSessionExpired?: () => void;
}

export const REFRESH_PATH = '/api/v1/auth/refresh';
// Answers of these routes are about the credentials themselves: a 401 there is final.
const NO_REFRESH_PATHS = new Set(['/api/v1/auth/login', REFRESH_PATH, '/api/v1/auth/logout']);
const REFRESHED_AT_KEY = 'palisade.session.refreshedAt';

export function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) params.set(key, value.join(','));
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function lastRefreshAt(): number {
  try {
    return Number(localStorage.getItem(REFRESHED_AT_KEY) ?? 0);
  } catch {
    return 0;
  }
}

function noteRefresh(): void {
  try {
    localStorage.setItem(REFRESHED_AT_KEY, String(Date.now()));
  } catch {
    // Storage disabled: tabs then coordinate through the lock alone.
  }
}

export class ApiClient {
  private readonly fetchImpl: typeof fetch;
  private onSessionExpired: (() => void) | undefined;
  private refreshing: Promise<boolean> | null = null;

  constructor(options: ApiClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.onSessionExpired = options.onSessionExpired;
  }

  setSessionExpiredHandler(handler: (() => void) | undefined): void {
    this.onSessionExpired = handler;
  }

  get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const startedAt = Date.now();
    let response = await this.send(method, path, options);
    if (response.status === 401 && !NO_REFRESH_PATHS.has(path) && csrfToken() !== null) {
      // Refreshing needs the CSRF cookie, so without one there is no session to refresh.
      if (await this.refreshSession(startedAt)) {
        response = await this.send(method, path, options);
      }
      if (response.status === 401) this.onSessionExpired?.();
    }
    if (!response.ok) throw await problemFromResponse(response);
    if (response.status === 204 || response.headers.get('Content-Length') === '0') return undefined as T;
    const type = response.headers.get('Content-Type') ?? '';
    if (!/json/i.test(type)) return (await response.text()) as T;
    return (await response.json()) as T;
  }

  /**
   * Spends the refresh cookie for a new token pair. A refresh token works once, and presenting a spent one ends
   * the whole session, so concurrent 401s share one refresh, and tabs take turns through a Web Lock: a tab that
   * gets the lock after another tab refreshed (since its request started) only retries its request.
   */
  refreshSession(requestStartedAt: number = Date.now()): Promise<boolean> {
    if (this.refreshing) return this.refreshing;
    const run = async (): Promise<boolean> => {
      if (lastRefreshAt() > requestStartedAt) return true;
      const response = await this.send('POST', REFRESH_PATH, { body: {} });
      if (!response.ok) return false;
      noteRefresh();
      return true;
    };
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const attempt = locks ? locks.request('palisade-session-refresh', run) : run();
    this.refreshing = attempt
      .catch(() => false)
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers = new Headers({ Accept: 'application/json, application/problem+json' });
    const init: RequestInit = { method, headers, credentials: 'same-origin', signal: options.signal ?? null };
    if (options.body !== undefined) {
      headers.set('Content-Type', 'application/json');
      init.body = JSON.stringify(options.body);
    }
    if (isUnsafeMethod(method)) {
      const token = csrfToken();
      if (token) headers.set(CSRF_HEADER, token);
    }
    try {
      return await this.fetchImpl(buildUrl(path, options.query), init);
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw networkError(cause);
    }
  }
}

/** The client the app uses. */
export const api = new ApiClient();

export { ApiError };
