// Exit codes are a public contract (README "Exit codes"): scripts branch on them.
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  protocol: 3,
  auth: 4,
  unavailable: 5,
  storage: 6,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

/**
 * Every failure a user can see. `message` says what happened, `hint` what to do next.
 * Neither may contain a secret: build them from names and scrubbed text only.
 */
export class TokenRelayError extends Error {
  readonly kind: ExitCodeName;
  readonly hint: string | undefined;
  /**
   * What else happened, said after the message and the next step (on a line of its own in the
   * CLI): the first line stays short and specific, e.g. a failure after minting and what then
   * became of the minted token.
   */
  readonly detail: string | undefined;

  constructor(
    kind: ExitCodeName,
    message: string,
    hint?: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TokenRelayError';
    this.kind = kind;
    this.hint = hint;
    this.detail = options?.detail;
  }

  get exitCode(): number {
    return ExitCode[this.kind];
  }

  /** The one-line form the Action prints: message, the next step, then any detail. */
  describe(): string {
    return [this.message, this.hint, this.detail].filter(Boolean).join(' ');
  }
}

export const usageError = (message: string, hint?: string) => new TokenRelayError('usage', message, hint);
export const protocolError = (message: string, hint?: string) =>
  new TokenRelayError('protocol', message, hint);
export const authError = (message: string, hint?: string) => new TokenRelayError('auth', message, hint);
export const unavailableError = (message: string, hint?: string) =>
  new TokenRelayError('unavailable', message, hint);
export const storageError = (message: string, hint?: string) => new TokenRelayError('storage', message, hint);

/**
 * The server answered, and asked to be left alone for a while (429, or a long Retry-After):
 * exit 5 like an outage, but the network is fine, so faces add no network checklist to it.
 */
export class ServerBusyError extends TokenRelayError {
  constructor(message: string, hint?: string) {
    super('unavailable', message, hint);
    this.name = 'ServerBusyError';
  }
}

/** Said as message and next step, so --json carries both; printed together they read as one line. */
export const NOT_AUTHENTICATED_MESSAGE = 'Not authenticated.';
export const NOT_AUTHENTICATED_HINT = "Run 'tokenrelay auth login' or set --token / TOKENRELAY_TOKEN.";
export const NOT_AUTHENTICATED = `${NOT_AUTHENTICATED_MESSAGE} ${NOT_AUTHENTICATED_HINT}`;

/** No source of the resolver answered: faces recognise this case without parsing the message. */
export class NotAuthenticatedError extends TokenRelayError {
  /** `detail`: why the sources that should have answered did not, with the ways out. */
  constructor(detail?: string) {
    super(
      'auth',
      detail ? `Not authenticated: ${detail}` : NOT_AUTHENTICATED_MESSAGE,
      detail ? undefined : NOT_AUTHENTICATED_HINT,
    );
    this.name = 'NotAuthenticatedError';
  }
}

export function isTokenRelayError(e: unknown): e is TokenRelayError {
  return e instanceof TokenRelayError;
}

/** Anything else becomes "unexpected" (exit 1), its text scrubbed by the caller. */
export function toTokenRelayError(e: unknown): TokenRelayError {
  if (isTokenRelayError(e)) return e;
  const text = e instanceof Error ? e.message : String(e);
  return new TokenRelayError(
    'unexpected',
    `Unexpected error: ${text}`,
    'Run again with TOKENRELAY_DEBUG=stack for the stack trace, and report it if it persists.',
    { cause: e },
  );
}
