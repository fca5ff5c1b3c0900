import * as oauth from 'oauth4webapi';
import { protocolError, usageError } from '../core/errors.ts';
import { registerSecret } from '../core/secrets.ts';
import { checkCallback } from '../oauth/authorization-code.ts';
import { malformedResponse } from './loopback-listener.ts';

export interface PasteBackOptions {
  server: oauth.AuthorizationServer;
  clientId: string;
  expectedState: string;
  /** One line of input (prompt on stderr); undefined at end of input. */
  readLine: (prompt: string) => Promise<string | undefined>;
  say: (line: string) => void;
}

const PROMPT = 'Paste the URL the browser was sent to (or just the code), then press Enter: ';
const MAX_ATTEMPTS = 5;

/**
 * `--no-browser` (SSH, containers): the user opens the URL anywhere, and pastes back where
 * the browser ended up — the redirect to a listener that does not exist — or the code
 * alone. Only the code comes in; the PKCE verifier stays in this process, so a code read
 * off the screen is useless to anyone else.
 */
export async function readPastedCallback(opts: PasteBackOptions): Promise<URLSearchParams> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const line = await opts.readLine(PROMPT);
    if (line === undefined) {
      throw usageError(
        'No redirect URL or code was pasted (end of input).',
        'Run the login again and paste the URL from the browser, or use --device.',
      );
    }
    const text = line.trim();
    if (!text) continue;
    const pasted = parsePasted(text);
    if (!pasted) {
      opts.say(
        'That is neither a URL nor a code. Paste the whole URL from the address bar, or just the code.',
      );
      continue;
    }
    if ('bareCode' in pasted) {
      // No iss or state came with a bare code; PKCE still binds it to this process.
      const server = { ...opts.server, authorization_response_iss_parameter_supported: false };
      return checkCallback(
        server,
        opts.clientId,
        new URLSearchParams({ code: pasted.bareCode }),
        oauth.skipStateCheck,
      );
    }
    const malformed = malformedResponse(pasted.params);
    if (malformed) throw protocolError(malformed, 'Run the login again.');
    if (pasted.params.get('state') !== opts.expectedState) {
      opts.say(
        pasted.params.has('state')
          ? 'That URL belongs to another login attempt (its state does not match). Paste the URL from this attempt.'
          : 'That URL has no state parameter. Paste the whole URL from the address bar, or just the code.',
      );
      continue;
    }
    return checkCallback(opts.server, opts.clientId, pasted.params, opts.expectedState);
  }
  throw usageError('Too many unusable inputs.', 'Run the login again, or use --device.');
}

type Pasted = { bareCode: string } | { params: URLSearchParams };

function parsePasted(text: string): Pasted | undefined {
  let params: URLSearchParams;
  if (/^[A-Za-z][\w+.-]*:\/\//.test(text) || text.startsWith('/')) {
    if (!URL.canParse(text, 'http://127.0.0.1')) return undefined;
    params = new URL(text, 'http://127.0.0.1').searchParams;
  } else if (text.includes('=')) {
    params = new URLSearchParams(text.replace(/^\?/, ''));
  } else if (/^[\x21-\x7e]+$/.test(text)) {
    return { bareCode: registerSecret(text) };
  } else {
    return undefined;
  }
  for (const code of params.getAll('code')) registerSecret(code);
  return { params };
}
