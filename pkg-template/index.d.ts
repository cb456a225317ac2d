// Types for faultline. The contract is the project's api.md; extensions are marked.

export type Category = "informational" | "success" | "redirection" | "client_error" | "server_error" | "transport";
export type Permanence = "none" | "permanent" | "temporary" | "ambiguous";
export type Action =
  | "carry_on" | "use_cache" | "follow_redirect" | "fix_request" | "reauthenticate" | "check_permissions"
  | "verify_id" | "reconcile" | "fix_fields" | "wait_and_retry" | "retry_with_backoff" | "verify_before_retry"
  | "contact_support";
export type Jitter = "none" | "full" | "equal" | "decorrelated";
export type WaitSource = "backoff" | "retry-after" | "rate-limit";
export type HeadersLike = HeadersInit | Record<string, string | number>;

export interface Classification {
  /** The status, 0 for a transport failure. */
  status: number;
  category: Category;
  /** A stable snake_case name such as `rate_limited`, `gateway_timeout`, `network_error`, `ip_blocked`. */
  kind: string;
  permanence: Permanence;
  /** True when the policy retries this outcome for this method. */
  retryable: boolean;
  action: Action;
  /** The wait the server asked for (headers or body), else null. */
  retryAfterMs: number | null;
  /** Why it is or is not retryable, in one sentence. */
  reason: string;
  /** What to do, in plain words. */
  advice: string;
}

export interface ProfileRule {
  status?: number;
  /** The rule applies only when one of the body's messages contains one of these (case-insensitive). */
  bodyContains?: string | string[];
  kind?: string;
  action?: Action;
  permanence?: Permanence;
  retryable?: boolean;
  reason?: string;
  advice?: string;
}

/** A vendor profile of your own. */
export interface Profile {
  name?: string;
  /** A built-in profile to start from. @default "default" */
  extends?: "default" | "jira" | "jumpcloud";
  /** Overrides by status code. */
  statuses?: Record<number | string, ProfileRule>;
  /** Rules with a `status` each, tried before the base profile's. */
  rules?: ProfileRule[];
  baseDelayMs?: number;
  factor?: number;
  maxDelayMs?: number;
  /** The shortest wait after a 429 that named none. */
  rateLimitMinWaitMs?: number;
  /** Methods retried on 5xx. */
  methods?: string[];
  /** Requests must carry Authorization (read by diagnose). */
  needsAuth?: boolean;
}

export type ProfileInput = "default" | "jira" | "jumpcloud" | Profile;

export interface ClassifyContext {
  /** @default "GET" */
  method?: string;
  headers?: HeadersLike;
  /** The response body as text or parsed JSON, for rules that read it. */
  body?: unknown;
  /** @default "default" */
  profile?: ProfileInput;
  /** The request carried an Idempotency-Key. @default false */
  idempotencyKey?: boolean;
  /** ms since the epoch, or a Date. @default Date.now() */
  now?: number | Date;
  /** Extension: classify under this policy rather than the default one. */
  retry?: RetryPolicy;
}

export function classify(subject: number | Response | unknown, context?: ClassifyContext): Classification;

export interface ErrorEnvelope {
  format: string;
  message: string | null;
  messages: string[];
  fieldErrors: Record<string, string[]>;
  code: string | null;
  requestId: string | null;
  docsUrl: string | null;
  retryAfterMs: number | null;
}

/** Never throws on a bad body. Reads at most the first 64 KiB. */
export function parseError(body: string | Uint8Array | ArrayBuffer | unknown, options?: { status?: number; contentType?: string }): ErrorEnvelope;

export interface RetryPolicy {
  /** Attempts in all, the first included. @default 6 */
  maxAttempts?: number;
  /** @default 500 */
  baseDelayMs?: number;
  /** @default 2 */
  factor?: number;
  /** @default 30000 */
  maxDelayMs?: number;
  /** @default "full" */
  jitter?: Jitter;
  /** Makes jitter reproducible. @default random */
  seed?: number;
  /** Methods retried on 5xx. @default ["GET","HEAD","OPTIONS","PUT","DELETE","TRACE"] */
  methods?: string[];
  /** @default [429, 500, 502, 503, 504, 520, 521, 522, 523, 524, 598, 599] */
  statusCodes?: number[];
  /** @default true */
  respectRetryAfter?: boolean;
  /** Longest server-requested wait honoured; longer ones are cut to this. @default 120000 */
  maxRetryAfterMs?: number;
  /** @default true */
  retryNetworkErrors?: boolean;
  /** Per-origin retry budget. @default { maxTokens: 10, tokenRatio: 0.1 } */
  budget?: boolean | { maxTokens?: number; tokenRatio?: number };
  /** Per-origin circuit breaker. @default { failureThreshold: 5, coolDownMs: 30000 } */
  circuitBreaker?: boolean | { failureThreshold?: number; coolDownMs?: number };
}

export function backoffSchedule(policy?: RetryPolicy): number[];
export function retryAfterMs(headers: HeadersLike | Response, options?: { now?: number | Date }): number | null;

export interface Attempt {
  attempt: number;
  status: number | null;
  error: string | null;
  kind: string;
  /** The wait before the next attempt, null for the last one. */
  waitMs: number | null;
  waitSource: WaitSource | null;
  reason: string;
}

export interface RetryEvent {
  attempt: number;
  url: string;
  method: string;
  status: number;
  response: Response | null;
  error: unknown;
  classification: Classification;
  waitMs: number;
  waitSource: WaitSource;
}

export interface FaultlineInit extends RequestInit {
  /** @default the default policy */
  retry?: RetryPolicy | false;
  /** Reject with HttpError on a final non-2xx. @default false */
  throwHttpErrors?: boolean;
  /** Per attempt. */
  timeoutMs?: number;
  /** All attempts and waits together. */
  deadlineMs?: number;
  profile?: ProfileInput;
  /** `true` generates one key per call and sends it on every attempt. */
  idempotencyKey?: boolean | string;
  /** Return (or resolve to) false to stop retrying. */
  onRetry?: (event: RetryEvent) => unknown;
  /** The underlying fetch. @default globalThis.fetch */
  fetch?: typeof fetch;
  duplex?: "half";
}

export function fetchWithRetry(input: RequestInfo | URL, init?: FaultlineInit): Promise<Response>;
export function createFetch(defaults?: FaultlineInit): (input: RequestInfo | URL, init?: FaultlineInit) => Promise<Response>;

export interface Finding {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
  header: string | null;
}
export interface RequestLike {
  url: string | URL;
  method?: string;
  headers?: HeadersLike;
  body?: string | Uint8Array | ArrayBuffer | URLSearchParams | null;
}
export function diagnose(request: Request | RequestLike, options?: { profile?: ProfileInput; needsAuth?: boolean }): Finding[];
export function toCurl(request: Request | RequestLike, options?: { redact?: boolean }): string;

/** Extension: the breaker and budget of an origin, or null before any call to it. */
export function circuitState(origin: string): { state: "closed" | "open" | "half_open"; failures: number; budgetTokens: number | null } | null;
/** Extension: forget every origin's breaker and budget. */
export function resetCircuits(): void;

export class HttpError extends Error {
  readonly name: "HttpError";
  status: number;
  response: Response;
  classification: Classification;
  envelope: ErrorEnvelope;
  attempts: Attempt[];
  /** The request as a redacted curl command. */
  curl: string;
}
export class NetworkError extends Error {
  readonly name: "NetworkError";
  cause: unknown;
  attempts: Attempt[];
  classification: Classification;
}
export class TimeoutError extends Error {
  readonly name: "TimeoutError";
  attempts: Attempt[];
}
export class CircuitOpenError extends Error {
  readonly name: "CircuitOpenError";
  /** ms since the epoch when a probe will be let through. */
  retryAt: number;
  origin: string;
  attempts: Attempt[];
}
export function isHttpError(e: unknown): e is HttpError;
export function isNetworkError(e: unknown): e is NetworkError;
export function isTimeoutError(e: unknown): e is TimeoutError;
export function isCircuitOpenError(e: unknown): e is CircuitOpenError;
/** Extension: every origin's breaker and budget as JSON text, to share between Workers isolates. */
export function exportCircuits(): string;
/** Extension: restore state from exportCircuits(); returns the number of origins restored. */
export function importCircuits(state: string): number;
