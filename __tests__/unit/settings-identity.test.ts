/**
 * The identity rule in the settings: the user's layers merge field by field, except that the
 * server is one setting with several spellings; the job file is a whole identity, used whole or
 * not at all. (issue 18, "What to build" (a) and (b))
 */
import { describe, expect, it } from 'vitest';
import { laterStepSettings } from '../../src/app/job-settings.ts';
import { parseConfigFile } from '../../src/core/config-file.ts';
import { configuredSecretRefusal, sessionIsOther } from '../../src/core/identity.ts';
import { identityLines, resolveSettings } from '../../src/core/settings.ts';

const A = 'http://127.0.0.1:7001';
const B = 'http://127.0.0.1:7002';

const config = await parseConfigFile(
  `
default_profile = "ci"
[profiles.ci]
issuer = "${A}"
token_endpoint = "${A}/oauth/token"
revocation_endpoint = "${A}/oauth/revoke"
client_id = "client-a"
scope = "read"
`,
  '/cfg/config.toml',
);

describe('(a) the server is one setting with several spellings', () => {
  it("a higher layer's issuer sets aside a lower layer's token and revocation endpoints", () => {
    const s = resolveSettings({ flags: { issuer: B }, env: {}, config });
    expect(s.issuer).toBe(B);
    expect(s.tokenEndpoint).toBeUndefined();
    expect(s.revocationEndpoint).toBeUndefined();
    // Outside the server, field by field as before: the profile's client id and scope stay.
    expect(s.clientId).toBe('client-a');
    expect(s.scope).toBe('read');
    const lines = identityLines(s).join('\n');
    expect(lines).toContain(`server ${B} (--issuer)`);
    expect(lines).toContain('client id client-a (client_id (config file))');
    expect(lines).toContain('token_endpoint (config file) is set aside: the server is named by --issuer');
    expect(lines).toContain('revocation_endpoint (config file) is set aside');
  });

  it("the environment's issuer beats the profile's token endpoint", () => {
    const s = resolveSettings({ flags: {}, env: { TOKENRELAY_ISSUER: B }, config });
    expect(s.issuer).toBe(B);
    expect(s.tokenEndpoint).toBeUndefined();
    expect(s.origins.issuer).toBe('env');
  });

  it('within one layer every spelling counts', () => {
    const s = resolveSettings({
      flags: {},
      env: { TOKENRELAY_TOKEN_ENDPOINT: `${B}/token` },
      config,
    });
    expect(s.tokenEndpoint).toBe(`${B}/token`);
    expect(s.issuer).toBeUndefined();
    expect(s.revocationEndpoint).toBeUndefined();
  });

  it('a higher layer naming only a revocation endpoint leaves no server: a warning says why and what to do', () => {
    const s = resolveSettings({ flags: {}, env: { TOKENRELAY_REVOCATION_ENDPOINT: `${A}/revoke` }, config });
    expect(s.issuer).toBeUndefined();
    expect(s.identity?.warning).toBe(
      'TOKENRELAY_REVOCATION_ENDPOINT names the server, so issuer (config file) and token_endpoint (config file) are set aside, and no issuer or token endpoint is left. ' +
        "Give the issuer (or token endpoint) the same way as TOKENRELAY_REVOCATION_ENDPOINT, or remove TOKENRELAY_REVOCATION_ENDPOINT: the server's settings come from one place.",
    );
    expect(resolveSettings({ flags: { issuer: B }, env: {}, config }).identity?.warning).toBeUndefined();
  });

  it('the common case: the profile names issuer and client id, the environment holds the secret', () => {
    const s = resolveSettings({ flags: {}, env: { TOKENRELAY_CLIENT_SECRET: 'secret-of-a-1234' }, config });
    expect(s.issuer).toBe(A);
    expect(s.tokenEndpoint).toBe(`${A}/oauth/token`);
    expect(s.revocationEndpoint).toBe(`${A}/oauth/revoke`);
    expect(s.clientId).toBe('client-a');
    expect(s.clientSecret).toBe('secret-of-a-1234');
    expect(s.identity?.notes).toEqual([]);
  });
});

describe('(b) the job file is a whole identity', () => {
  const job = {
    TOKENRELAY_ISSUER: A,
    TOKENRELAY_TOKEN_ENDPOINT: `${A}/oauth/token`,
    TOKENRELAY_REVOCATION_ENDPOINT: `${A}/oauth/revoke`,
    TOKENRELAY_CLIENT_ID: 'client-a',
    TOKENRELAY_CLIENT_SECRET: 'secret-of-a-1234',
    TOKENRELAY_API_URL: `${A}/api`,
    TOKENRELAY_SCOPE: 'read',
  };

  it('a step naming another server and client reads none of it', () => {
    const s = resolveSettings({
      flags: {},
      env: {
        TOKENRELAY_ISSUER: B,
        TOKENRELAY_CLIENT_ID: 'client-b',
        TOKENRELAY_CLIENT_SECRET: 'secret-of-b-5678',
      },
      job,
    });
    expect(s.identity?.job).toBe('not used');
    expect(s.issuer).toBe(B);
    expect(s.tokenEndpoint).toBeUndefined();
    expect(s.revocationEndpoint).toBeUndefined();
    expect(s.apiUrl).toBeUndefined();
    expect(s.scope).toBeUndefined();
    expect(s.clientId).toBe('client-b');
    expect(s.clientSecret).toBe('secret-of-b-5678');
    expect(identityLines(s).join('\n')).toContain(`issuer ${B} is not its ${A}`);
  });

  it('naming only another client id is another identity too', () => {
    const s = resolveSettings({ flags: { clientId: 'client-b' }, env: {}, job });
    expect(s.identity?.job).toBe('not used');
    expect(s.clientSecret).toBeUndefined();
    expect(s.tokenEndpoint).toBeUndefined();
  });

  it('a spelling the job does not hold is another server', () => {
    const { TOKENRELAY_TOKEN_ENDPOINT: _, ...issuerOnly } = job;
    const s = resolveSettings({
      flags: {},
      env: { TOKENRELAY_TOKEN_ENDPOINT: `${A}/oauth/token` },
      job: issuerOnly,
    });
    expect(s.identity?.job).toBe('not used');
  });

  it('a step naming nothing, or the same server and client, gets it whole; its own other settings win', () => {
    for (const env of [{}, { TOKENRELAY_ISSUER: `${A}/`, TOKENRELAY_CLIENT_ID: 'client-a' }]) {
      const s = resolveSettings({ flags: {}, env: { ...env, TOKENRELAY_SCOPE: 'write' }, job });
      expect(s.identity?.job).toBe('used');
      expect(s.tokenEndpoint).toBe(`${A}/oauth/token`);
      expect(s.revocationEndpoint).toBe(`${A}/oauth/revoke`);
      expect(s.clientSecret).toBe('secret-of-a-1234');
      expect(s.apiUrl).toBe(`${A}/api`);
      expect(s.scope).toBe('write');
    }
    const s = resolveSettings({ flags: {}, env: {}, job });
    expect(s.origins.tokenEndpoint).toBe('job');
    expect(identityLines(s).join('\n')).toContain(
      'TOKENRELAY_TOKEN_ENDPOINT, set by the Action for this job',
    );
  });

  it("a default profile naming another server keeps the job out (the user's own layer)", () => {
    const other = resolveSettings({ flags: {}, env: {}, config, job: { ...job, TOKENRELAY_ISSUER: B } });
    expect(other.identity?.job).toBe('not used');
    expect(other.issuer).toBe(A);
  });
});

describe('a stored or imported session is a whole identity', () => {
  const session = {
    issuer: A,
    clientId: 'cli-a',
    tokenEndpoint: `${A}/oauth/token`,
  };
  it('is used when the settings name its server and client, or none', () => {
    expect(sessionIsOther({}, session)).toBeUndefined();
    expect(
      sessionIsOther({ issuer: `${A}/`, clientId: 'cli-a', revocationEndpoint: `${A}/revoke` }, session),
    ).toBeUndefined();
    expect(sessionIsOther({ issuer: B }, session)).toContain(`issuer ${B} is not its ${A}`);
    expect(sessionIsOther({ clientId: 'ci-client' }, session)).toContain(
      'client id ci-client is not its cli-a',
    );
  });

  it('carries the configured secret only to its own server, for its own client', () => {
    const mine = { issuer: A, clientId: 'cli-a' };
    expect(configuredSecretRefusal(mine, session, `${A}/oauth/token`)).toBeUndefined();
    expect(
      configuredSecretRefusal(
        { tokenEndpoint: `${A}/oauth/token`, clientId: 'cli-a' },
        session,
        `${A}/oauth/token`,
      ),
    ).toBeUndefined();
    expect(configuredSecretRefusal({ ...mine, clientId: 'other' }, session, `${A}/oauth/token`)).toContain(
      'client id',
    );
    expect(configuredSecretRefusal({ ...mine, issuer: B }, session, `${A}/oauth/token`)).toContain(
      'not the configured server',
    );
    expect(configuredSecretRefusal({ clientId: 'cli-a' }, session, `${A}/oauth/token`)).toContain(
      'not the configured server',
    );
    expect(
      configuredSecretRefusal(mine, { ...session, tokenEndpoint: `${B}/token` }, `${B}/token`),
    ).toContain(`${B}/token is not on the issuer's origin ${A}`);
    // An endpoint the user configured for this server is theirs to choose.
    expect(
      configuredSecretRefusal({ ...mine, revocationEndpoint: `${B}/revoke` }, session, `${B}/revoke`),
    ).toBeUndefined();
  });
});

describe('export-settings: what the Action exported joins the job identity, what the step changed stays its own', () => {
  it('an unchanged exported variable moves to the job layer; a changed one is the step’s', () => {
    const exported = {
      TOKENRELAY_ISSUER: A,
      TOKENRELAY_TOKEN_ENDPOINT: `${A}/oauth/token`,
      TOKENRELAY_TENANT: 'acme',
    };
    const env = {
      ...exported,
      TOKENRELAY_EXPORTED_SETTINGS: JSON.stringify(exported),
      TOKENRELAY_ISSUER: B,
    };
    const later = laterStepSettings(env, () => {});
    expect(later.env.TOKENRELAY_ISSUER).toBe(B);
    expect(later.env.TOKENRELAY_TOKEN_ENDPOINT).toBeUndefined();
    expect(later.job).toEqual({ TOKENRELAY_TOKEN_ENDPOINT: `${A}/oauth/token`, TOKENRELAY_TENANT: 'acme' });
    const s = resolveSettings({ flags: {}, env: later.env, ...(later.job ? { job: later.job } : {}) });
    expect(s.issuer).toBe(B);
    expect(s.tokenEndpoint).toBeUndefined();
    expect(s.tenant).toBeUndefined();
    // Nothing exported, no job file: the environment as it is.
    expect(laterStepSettings({ TOKENRELAY_ISSUER: B }, () => {})).toEqual({
      env: { TOKENRELAY_ISSUER: B },
      extraParams: {},
    });
  });
});
