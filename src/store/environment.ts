// The resolver and the store must agree on the key; the one definition lives in core.
export { normaliseEnvironment } from '../core/environment.ts';
