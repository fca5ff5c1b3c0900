export { ConnectionError, isConnectionError } from './connection-error.ts';
export { createFetch, DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS } from './fetch.ts';
export { bodyExcerpt, expectJsonObject, readJson } from './json.ts';
export { proxyUrlFor } from './proxy.ts';
export { DEFAULT_RETRIES, DEFAULT_RETRY_AFTER_CAP_SECONDS, isRetryableStatus, withRetries } from './retry.ts';
export { parseRetryAfter } from './retry-after.ts';
export type { FetchLike, RequestPolicy, TransportOptions } from './types.ts';
export { assertSendableUrl, isLoopbackHost } from './url-policy.ts';
