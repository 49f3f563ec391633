// fetch mocked at the boundary: routes "METHOD /path" (query ignored) answer canned API responses in order (the
// last one repeats), and every call is recorded with its headers and parsed body.
import { vi } from 'vitest';
import { permissionsFor } from './roles';

export interface MockAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordedCall {
  method: string;
  url: string;
  path: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

export function problem(status: number, slug: string, title: string, detail?: string, errors?: unknown[]): MockAnswer {
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'X-Request-ID': `req-${slug}` },
    body: { type: `urn:palisade:problem:${slug}`, title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) },
  };
}

export function json(body: unknown, status = 200): MockAnswer {
  return { status, body, headers: { 'Content-Type': 'application/json' } };
}

export function mockFetch(routes: Record<string, MockAnswer | MockAnswer[]>) {
  const calls: RecordedCall[] = [];
  const used = new Map<string, number>();
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const method = (init.method ?? 'GET').toUpperCase();
    const path = url.split('?')[0] ?? url;
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, path, headers, body, credentials: init.credentials });
    const key = `${method} ${path}`;
    const route = routes[key];
    if (!route) throw new TypeError(`unexpected request ${key}`);
    const answers = Array.isArray(route) ? route : [route];
    const index = used.get(key) ?? 0;
    used.set(key, index + 1);
    const answer = answers[Math.min(index, answers.length - 1)] ?? {};
    const status = answer.status ?? 200;
    const text = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(status === 204 ? null : text, { status, headers: answer.headers ?? {} });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, calls, callsTo: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key) };
}

/** A signed-in user as GET /api/v1/me answers it. */
export function meFixture(role: 'admin' | 'analyst' | 'operator' | 'viewer' = 'analyst') {
  return {
    id: '0192f0c4-0000-7000-8000-000000000001',
    email: 'ana@example.com',
    display_name: 'Ana Lyst',
    email_verified: true,
    active: true,
    totp_enabled: false,
    role,
    created_at: '2026-01-02T03:04:05.678Z',
    organization: { id: '0192f0c4-0000-7000-8000-0000000000aa', name: 'Example Corp' },
    recovery_codes_left: 0,
    permissions: permissionsFor(role),
  };
}

export const TOKEN_PAIR = {
  access_token: 'eyJhbGciOiJIUzI1NiJ9.e30.sig',
  refresh_token: 'rt_abc',
  token_type: 'Bearer',
  expires_in: 900,
};

export const CSRF = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
