export { ConnectionError } from './connection-error.ts';
export { createFetch, createSend } from './fetch.ts';
export { getFollowingRedirects } from './follow-redirects.ts';
export { bodyExcerpt, expectJsonObject, readJson } from './json-body.ts';
export { proxyUrlFor } from './proxy.ts';
export { withRetries } from './retry.ts';
export { parseRetryAfter, serverWait } from './retry-after.ts';
export type { FetchLike, RequestPolicy, TransportOptions } from './types.ts';
export { assertSendableUrl, isLoopbackHost } from './url-policy.ts';
