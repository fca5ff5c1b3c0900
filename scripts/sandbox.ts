/**
 * `npm run sandbox`: the suite's real OpenID provider and profile API, standalone on
 * 127.0.0.1, for trying every command without an account anywhere. Prints `export` lines to
 * paste into another terminal (stdout, so `eval "$(npm run -s sandbox | …)"` works too), and a
 * short tour on stderr. Ctrl-C stops it. Test data only: the secret and the PAT are public.
 */
import { startProfileApi, TEST_API_KEYS } from '../test-support/profile-api.ts';
import { startProvider } from '../test-support/provider.ts';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const provider = await startProvider();
const api = await startProfileApi({ jwksIssuer: provider.issuer });
const exports: [string, string][] = [
  ['TOKENRELAY_ISSUER', provider.issuer],
  ['TOKENRELAY_API_URL', api.url],
  ['TOKENRELAY_CLIENT_ID', provider.clients.basic.clientId],
  ['TOKENRELAY_CLIENT_SECRET', provider.clients.basic.clientSecret],
  // Not TOKENRELAY_TOKEN: that would answer before the client credentials above.
  ['SANDBOX_PAT', TEST_API_KEYS.alicePat],
];
process.stdout.write(`${exports.map(([k, v]) => `export ${k}=${quote(v)}`).join('\n')}\n`);
process.stderr.write(
  [
    '',
    `tokenrelay sandbox: OpenID provider ${provider.issuer}, profile API ${api.url} (loopback only).`,
    'Paste the export lines above into another terminal, then try:',
    '  tokenrelay exchange --export json          # client credentials',
    '  tokenrelay validate --token-stdin <<<"$SANDBOX_PAT"   # a PAT, checked against the profile API',
    `  tokenrelay auth login --device --client-id ${provider.clients.native.clientId} --insecure-storage`,
    `                                             # sign in as "${provider.user.login}" (any password)`,
    '  tokenrelay auth status',
    'Ctrl-C stops the sandbox.',
    'ready',
    '',
  ].join('\n'),
);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await api.close();
  await provider.close();
  process.stderr.write('tokenrelay sandbox stopped.\n');
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
