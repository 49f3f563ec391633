import { describe, expect, it, vi } from 'vitest';
import { CSRF, TOKEN_PAIR, json, meFixture, mockFetch, problem } from '../test/fetchMock';
import { ApiClient, buildUrl } from './client';
import { ApiError } from './problem';

function signedInCookies() {
  document.cookie = `palisade_csrf=${CSRF}; Path=/`;
}

describe('ApiClient', () => {
  it('sends the CSRF cookie back as X-CSRF-Token on POST, and not on GET', async () => {
    signedInCookies();
    const { calls } = mockFetch({
      'POST /api/v1/notifications/read-all': json({ updated: 3 }),
      'GET /api/v1/me': json(meFixture()),
    });
    const client = new ApiClient();
    await expect(client.post('/api/v1/notifications/read-all', {})).resolves.toEqual({ updated: 3 });
    await client.get('/api/v1/me');
    expect(calls[0]?.headers.get('X-CSRF-Token')).toBe(CSRF);
    expect(calls[0]?.headers.get('Content-Type')).toBe('application/json');
    expect(calls[0]?.credentials).toBe('same-origin');
    expect(calls[1]?.headers.has('X-CSRF-Token')).toBe(false);
  });

  it('adds the header to PUT, PATCH and DELETE too', async () => {
    signedInCookies();
    const { calls } = mockFetch({
      'PUT /api/v1/orgs/current/scope': json({ domains: [], cidrs: [] }),
      'PATCH /api/v1/me': json(meFixture()),
      'DELETE /api/v1/scans/s1': { status: 204 },
    });
    const client = new ApiClient();
    await client.put('/api/v1/orgs/current/scope', { domains: [], cidrs: [] });
    await client.patch('/api/v1/me', { display_name: 'Ana' });
    await expect(client.delete('/api/v1/scans/s1')).resolves.toBeUndefined();
    expect(calls.map((c) => c.headers.get('X-CSRF-Token'))).toEqual([CSRF, CSRF, CSRF]);
  });

  it('parses problem+json into an ApiError with the field errors', async () => {
    mockFetch({
      'POST /api/v1/scans': problem(400, 'validation-failed', 'Validation failed', 'targets: must not be empty', [
        { field: 'targets', message: 'must not be empty' },
        { field: 'options.rate', message: 'must be between 0 and 100000' },
      ]),
    });
    const error = await new ApiClient().post('/api/v1/scans', { targets: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.type).toBe('urn:palisade:problem:validation-failed');
    expect(apiError.slug).toBe('validation-failed');
    expect(apiError.title).toBe('Validation failed');
    expect(apiError.detail).toBe('targets: must not be empty');
    expect(apiError.fieldError('options.rate')).toBe('must be between 0 and 100000');
    expect(apiError.errors).toHaveLength(2);
    expect(apiError.requestId).toBe('req-validation-failed');
  });

  it('reads Retry-After of a 429', async () => {
    const answer = problem(429, 'rate-limited', 'Too many requests');
    answer.headers = { ...answer.headers, 'Retry-After': '840' };
    mockFetch({ 'POST /api/v1/auth/login': answer });
    const error = (await new ApiClient()
      .post('/api/v1/auth/login', { email: 'a@b.c', password: 'x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.retryAfter).toBe(840);
  });

  it('turns a failed connection into a network ApiError', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    const error = (await new ApiClient().get('/api/v1/me').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.isNetworkError).toBe(true);
    expect(error.status).toBe(0);
  });

  it('refreshes the session once on a 401 and retries the request', async () => {
    signedInCookies();
    const { calls, callsTo } = mockFetch({
      'GET /api/v1/scans': [problem(401, 'unauthenticated', 'Authentication required'), json({ items: [], next_cursor: null })],
      'POST /api/v1/auth/refresh': json(TOKEN_PAIR),
    });
    const result = await new ApiClient().get('/api/v1/scans', { query: { limit: 10 } });
    expect(result).toEqual({ items: [], next_cursor: null });
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /api/v1/scans',
      'POST /api/v1/auth/refresh',
      'GET /api/v1/scans',
    ]);
    expect(callsTo('POST /api/v1/auth/refresh')[0]?.headers.get('X-CSRF-Token')).toBe(CSRF);
  });

  it('does not refresh twice: a 401 after the refresh ends the session', async () => {
    signedInCookies();
    const onSessionExpired = vi.fn();
    const { callsTo } = mockFetch({
      'GET /api/v1/scans': problem(401, 'unauthenticated', 'Authentication required'),
      'POST /api/v1/auth/refresh': json(TOKEN_PAIR),
    });
    const error = (await new ApiClient({ onSessionExpired }).get('/api/v1/scans').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(401);
    expect(callsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
    expect(callsTo('GET /api/v1/scans')).toHaveLength(2);
    expect(onSessionExpired).toHaveBeenCalledOnce();
  });

  it('shares one refresh between concurrent 401s (a refresh token works once)', async () => {
    signedInCookies();
    const { callsTo } = mockFetch({
      'GET /api/v1/scans': [problem(401, 'unauthenticated', 'Authentication required'), json({ items: [], next_cursor: null })],
      'GET /api/v1/me': [problem(401, 'unauthenticated', 'Authentication required'), json(meFixture())],
      'POST /api/v1/auth/refresh': json(TOKEN_PAIR),
    });
    const client = new ApiClient();
    await Promise.all([client.get('/api/v1/scans'), client.get('/api/v1/me')]);
    expect(callsTo('POST /api/v1/auth/refresh')).toHaveLength(1);
  });

  it('does not try to refresh without a CSRF cookie, nor after a failed login', async () => {
    const { callsTo } = mockFetch({
      'GET /api/v1/me': problem(401, 'unauthenticated', 'Authentication required'),
      'POST /api/v1/auth/login': problem(401, 'unauthenticated', 'Authentication required'),
      'POST /api/v1/auth/refresh': json(TOKEN_PAIR),
    });
    const client = new ApiClient();
    await expect(client.get('/api/v1/me')).rejects.toBeInstanceOf(ApiError);
    signedInCookies();
    await expect(client.post('/api/v1/auth/login', { email: 'a@b.c', password: 'x' })).rejects.toBeInstanceOf(ApiError);
    expect(callsTo('POST /api/v1/auth/refresh')).toHaveLength(0);
  });
});

describe('buildUrl', () => {
  it('joins lists with commas and drops empty values', () => {
    expect(buildUrl('/api/v1/findings', { severity: ['high', 'critical'], status: 'open', q: undefined, limit: 1 })).toBe(
      '/api/v1/findings?severity=high%2Ccritical&status=open&limit=1',
    );
    expect(buildUrl('/api/v1/me', {})).toBe('/api/v1/me');
  });
});
