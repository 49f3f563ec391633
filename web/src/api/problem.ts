// RFC 9457 problem details as the API sends them (docs/api.md "Conventions"), as a typed error.

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

const PROBLEM_PREFIX = 'urn:palisade:problem:';
/** The type of an ApiError raised when no answer came back at all. */
export const NETWORK_ERROR_TYPE = 'urn:palisade:client:network-error';

export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** X-Request-ID of the answer: what to look up in the server log. */
  readonly requestId: string | null;
  /** Retry-After in seconds (429, 503), when given. */
  readonly retryAfter: number | null;

  constructor(problem: ProblemBody, requestId: string | null = null, retryAfter: number | null = null) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail ?? '';
    this.errors = problem.errors ?? [];
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }

  /** The short name of a Palisade problem type: "validation-failed", "totp-required"... */
  get slug(): string {
    return this.type.startsWith(PROBLEM_PREFIX) ? this.type.slice(PROBLEM_PREFIX.length) : this.type;
  }

  /** The message for one field, when the answer named it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }

  get isNetworkError(): boolean {
    return this.type === NETWORK_ERROR_TYPE;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function isFieldErrorList(value: unknown): value is FieldError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) =>
        typeof e === 'object' &&
        e !== null &&
        typeof (e as FieldError).field === 'string' &&
        typeof (e as FieldError).message === 'string',
    )
  );
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Turns a failed answer into an ApiError, whatever its body (problem+json, other JSON, text or nothing). */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('X-Request-ID');
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const fallback: ProblemBody = {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
  };
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!/^application\/(problem\+)?json/i.test(contentType)) return new ApiError(fallback, requestId, retryAfter);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return new ApiError(fallback, requestId, retryAfter);
  }
  if (typeof body !== 'object' || body === null) return new ApiError(fallback, requestId, retryAfter);
  const b = body as Record<string, unknown>;
  const problem: ProblemBody = {
    type: typeof b.type === 'string' ? b.type : fallback.type,
    title: typeof b.title === 'string' ? b.title : fallback.title,
    status: response.status,
  };
  if (typeof b.detail === 'string') problem.detail = b.detail;
  if (isFieldErrorList(b.errors)) problem.errors = b.errors;
  return new ApiError(problem, requestId, retryAfter);
}

export function networkError(cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ApiError({ type: NETWORK_ERROR_TYPE, title: 'Network error', status: 0, detail });
}
