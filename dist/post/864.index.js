export const id = 864;
export const ids = [864];
export const modules = {

/***/ 864:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  federationClient: () => (/* binding */ federationClient),
  federationRevocationClient: () => (/* binding */ federationRevocationClient)
});

// EXTERNAL MODULE: ./node_modules/oauth4webapi/build/index.js
var build = __webpack_require__(235);
// EXTERNAL MODULE: ./.tmp/lib-post/core/errors.js
var errors = __webpack_require__(767);
// EXTERNAL MODULE: ./.tmp/lib-post/core/secrets.js + 1 modules
var secrets = __webpack_require__(325);
// EXTERNAL MODULE: ./.tmp/lib-post/http/fetch.js + 5 modules
var fetch = __webpack_require__(781);
// EXTERNAL MODULE: ./.tmp/lib-post/http/json-body.js
var json_body = __webpack_require__(884);
// EXTERNAL MODULE: ./.tmp/lib-post/http/retry.js + 3 modules
var retry = __webpack_require__(770);
// EXTERNAL MODULE: ./.tmp/lib-post/http/url-policy.js + 1 modules
var url_policy = __webpack_require__(153);
;// CONCATENATED MODULE: ./.tmp/lib-post/ci/ci-token.js
/** A token with less than this left is renewed (or refused) before it is sent. */
const MIN_VALIDITY_SECONDS = 30;

;// CONCATENATED MODULE: ./.tmp/lib-post/ci/jwt-claims.js
/**
 * Reads a CI token's claims without verifying it: the server verifies, we only look, to
 * know when it expires and to show what the server will see. Dependency-free on purpose,
 * so telling a JWT from garbage costs nothing at start-up.
 */
/** The claims servers match in a trust policy (GitHub and GitLab names); nothing else is shown. */
const TRUST_CLAIMS = (/* unused pure expression or super */ null && ([
    'iss',
    'sub',
    'aud',
    'repository',
    'repository_owner',
    'ref',
    'ref_type',
    'environment',
    'job_workflow_ref',
    'event_name',
    'runner_environment',
    'project_path',
    'namespace_path',
    'ref_protected',
    'pipeline_source',
]));
const SEGMENT = /^[A-Za-z0-9_-]+$/;
/** The payload of a compact JWS, or undefined when the text is not one. */
function decodeJwtClaims(token) {
    const parts = token.trim().split('.');
    if (parts.length !== 3 || !SEGMENT.test(parts[0]) || !SEGMENT.test(parts[1]))
        return undefined;
    if (parts[2] !== '' && !SEGMENT.test(parts[2]))
        return undefined;
    try {
        const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
        const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        if (!isObject(header) || typeof header.alg !== 'string' || !isObject(payload))
            return undefined;
        return payload;
    }
    catch {
        return undefined;
    }
}
/** `exp` as a Date, when the token states one. */
function expiryOf(claims) {
    const exp = claims?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : undefined;
}
/** Seconds of life left (negative once expired); Infinity when the token states no expiry. */
function secondsLeft(claims, now = Date.now()) {
    const exp = expiryOf(claims);
    return exp ? Math.floor((exp.getTime() - now) / 1000) : Number.POSITIVE_INFINITY;
}
/** The trust-relevant claims only, as plain strings/booleans/arrays, for summary and JSON. */
function trustClaims(claims) {
    const out = {};
    if (!claims)
        return out;
    for (const name of TRUST_CLAIMS) {
        const value = claims[name];
        if (typeof value === 'string' || typeof value === 'boolean')
            out[name] = value;
        else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
            out[name] = value;
    }
    return out;
}
/** `aud` as one display string: `a` or `a, b`. */
function audienceText(claims) {
    const aud = claims?.aud;
    if (typeof aud === 'string')
        return aud;
    if (Array.isArray(aud))
        return aud.filter((a) => typeof a === 'string').join(', ');
    return '(none)';
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

;// CONCATENATED MODULE: ./.tmp/lib-post/ci/github-oidc.js
/**
 * The GitHub Actions ID token, fetched the way `@actions/core`'s getIDToken fetches it:
 * GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=\u2026 with `Authorization: Bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answer `{"value": "<JWT>"}`.
 *
 * Why not getIDToken itself: measured with ncc, importing it adds ~490 KB (undici through
 * @actions/http-client) to every bundle that can reach it \u2014 the Action's main bundle would
 * go from ~190 KB to ~680 KB against a 700 KB budget, for one GET. It would also bypass our
 * transport: no deadline or budget, its own 10 retries, its own proxy handling, and error
 * text we cannot scrub. So the documented protocol runs on our transport instead.
 */








const PERMISSION_YAML = 'permissions:\n  id-token: write\n  contents: read';
const RERUN = "Re-run the job; if it repeats, GitHub's token service may be down (see githubstatus.com).";
const POLICY = { what: "GitHub's OIDC token endpoint", retryable: true };
/** Fails at once (exit 2) when the job was not given the id-token permission. */
function githubCiToken(opts) {
    const url = opts.env.ACTIONS_ID_TOKEN_REQUEST_URL?.trim();
    const requestToken = (0,secrets/* registerSecret */.cl)(opts.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN?.trim());
    if (!url || !requestToken) {
        throw (0,errors/* usageError */.Wp)('This job cannot request an OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not set, so the job lacks `permissions: id-token: write`.', `Add to the workflow (or the job):\n${PERMISSION_YAML}\n` +
            '(Pull requests from forks never get an ID token; use a secret there.)');
    }
    const now = opts.now ?? Date.now;
    let cached;
    const fetchToken = async () => {
        // A malformed variable is a usage error (exit 2) here, not a TypeError from new URL().
        const target = (0,url_policy/* assertSendableUrl */.W)(url, POLICY.what);
        if (opts.audience)
            target.searchParams.set('audience', opts.audience);
        const send = (0,fetch/* createFetch */.H)(opts.transport, POLICY);
        const headers = { authorization: `Bearer ${requestToken}`, accept: 'application/json' };
        const res = await (0,retry/* withRetries */.L)(() => send(target.href, { method: 'GET', headers }), opts.transport, POLICY);
        if (res.status === 401 || res.status === 403) {
            await res.body?.cancel();
            throw (0,errors/* authError */.P_)(`GitHub refused the OIDC token request (HTTP ${res.status}).`, 'The request token expires with the job; re-run the job, and check `permissions: id-token: write`.');
        }
        if (res.status !== 200) {
            await res.body?.cancel();
            throw (0,errors/* protocolError */.JW)(`GitHub's OIDC token endpoint answered HTTP ${res.status}.`, RERUN);
        }
        const body = await (0,json_body/* expectJsonObject */.Bu)(res, POLICY.what);
        const value = typeof body.value === 'string' ? (0,secrets/* registerSecret */.cl)(body.value.trim()) : undefined;
        if (!value || !decodeJwtClaims(value)) {
            throw (0,errors/* protocolError */.JW)(`GitHub's OIDC token endpoint answered without a JWT in "value".`, RERUN);
        }
        return value;
    };
    return {
        origin: 'github',
        label: 'GitHub Actions OIDC',
        async current() {
            if (cached && secondsLeft(decodeJwtClaims(cached), now()) > MIN_VALIDITY_SECONDS)
                return cached;
            // Freshly minted, or renewed because a retry outlived the last one.
            const token = await fetchToken();
            const left = secondsLeft(decodeJwtClaims(token), now());
            if (left <= 0) {
                throw (0,errors/* authError */.P_)(`The OIDC token GitHub just issued has already expired (${-left} s ago).`, "Check the runner's clock.");
            }
            cached = token;
            return token;
        },
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
;// CONCATENATED MODULE: ./.tmp/lib-post/ci/gitlab-oidc.js
/**
 * A CI token handed to the job as a value: GitLab's `id_tokens:` puts it in a variable the
 * job names; anything else (a Kubernetes projected service-account token, a token another
 * step wrote) comes from a file. GitLab mints the variable once, when the job starts, so
 * an expired one cannot be renewed; a projected file is rotated by the kubelet, so the
 * file is read again each time.
 */





function gitlabYaml(name, audience = 'https://auth.example.com') {
    return `job:\n  id_tokens:\n    ${name}:\n      aud: ${audience}`;
}
/** The token in `$name` (GitLab `id_tokens:`). Empty or not a JWT: exit 2, with the YAML. */
function envCiToken(env, name, opts = {}) {
    const value = (0,secrets/* registerSecret */.cl)(env[name]?.trim() || undefined);
    const setup = `Declare it in .gitlab-ci.yml:\n${gitlabYaml(name, opts.audience)}\n(the aud must be what the server expects; on GitHub, use the Action or give the job \`permissions: id-token: write\`).`;
    if (!value)
        throw (0,errors/* usageError */.Wp)(`The CI token variable ${name} is empty or not set.`, setup);
    if (!decodeJwtClaims(value)) {
        throw (0,errors/* usageError */.Wp)(`The CI token variable ${name} does not hold a JWT.`, setup);
    }
    return {
        origin: 'gitlab',
        label: name,
        async current() {
            assertAlive(value, name, opts.now?.() ?? Date.now(), 'GitLab issues it once, when the job starts, and tokenrelay cannot renew it: re-run the job, or run tokenrelay earlier in it.');
            return value;
        },
    };
}
/** The token in a file, read again on every call (projected tokens rotate). */
function fileCiToken(path, opts = {}) {
    const read = () => {
        let text;
        try {
            text = (0,external_node_fs_.readFileSync)(path, 'utf8');
        }
        catch (e) {
            throw (0,errors/* usageError */.Wp)(`Cannot read the CI token file ${path}: ${e.code ?? 'error'}.`, 'Check --id-token-file (TOKENRELAY_ID_TOKEN_FILE) and that the token is mounted there.');
        }
        const value = (0,secrets/* registerSecret */.cl)(text.trim() || undefined);
        if (!value || !decodeJwtClaims(value)) {
            throw (0,errors/* usageError */.Wp)(`The CI token file ${path} ${value ? 'does not hold a JWT' : 'is empty'}.`, 'Point --id-token-file at a file that holds the OIDC token itself.');
        }
        return value;
    };
    let last = read();
    return {
        origin: 'file',
        label: path,
        async current() {
            last = reread(read, last);
            const value = last;
            assertAlive(value, path, opts.now?.() ?? Date.now(), 'Whatever writes the file must renew it.');
            return value;
        },
    };
}
/** Reads the file again, keeping the first read if the file has since gone (a rotation in flight). */
function reread(read, fallback) {
    try {
        return read();
    }
    catch {
        return fallback;
    }
}
function assertAlive(token, where, now, hint) {
    const claims = decodeJwtClaims(token);
    const left = secondsLeft(claims, now);
    if (left > MIN_VALIDITY_SECONDS)
        return;
    const at = expiryOf(claims).toISOString();
    throw (0,errors/* authError */.P_)(left <= 0
        ? `The CI token in ${where} expired at ${at}.`
        : `The CI token in ${where} expires at ${at}, too soon to use.`, hint);
}

;// CONCATENATED MODULE: ./.tmp/lib-post/ci/pick-ci-token.js


/**
 * Where the CI token comes from, most explicit first: a file; a variable that holds one
 * (a named one always wins; the default TOKENRELAY_ID_TOKEN only when set); GitHub's
 * token service inside GitHub Actions; otherwise the variable, whose absence then says
 * how to declare it.
 */
function pickCiTokenSource(settings, env, opts) {
    if (settings.idTokenFile)
        return fileCiToken(settings.idTokenFile, opts);
    const named = settings.origins.idTokenEnv !== undefined;
    if (named || env[settings.idTokenEnv]?.trim())
        return envCiToken(env, settings.idTokenEnv, opts);
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL || env.GITHUB_ACTIONS === 'true') {
        return githubCiToken({ env, audience: opts.audience, transport: opts.transport, now: opts.now });
    }
    return envCiToken(env, settings.idTokenEnv, opts);
}

;// CONCATENATED MODULE: ./.tmp/lib-post/oauth/client-assertion.js
const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/**
 * Client authentication with an assertion someone else signed (RFC 7523 \u00a72.2): the CI
 * job's OIDC token as `client_assertion`, the "federated credential" pattern. oauth4webapi
 * only builds assertions it signs itself, hence this one. The assertion is asked for on
 * every attempt, so a retry never carries an expired one.
 */
function ClientAssertion(assertion) {
    return async (_as, client, body) => {
        body.set('client_id', client.client_id);
        body.set('client_assertion_type', JWT_BEARER_ASSERTION_TYPE);
        body.set('client_assertion', await assertion());
    };
}
/**
 * No client at all: for servers that trust the subject token alone (a cloud STS). Sends
 * nothing, not even the placeholder client_id oauth4webapi insists on being given.
 */
const NoClientAuth = () => { };

// EXTERNAL MODULE: ./.tmp/lib-post/sources/configured-client.js + 1 modules
var configured_client = __webpack_require__(883);
;// CONCATENATED MODULE: ./.tmp/lib-post/sources/federation-client.js





/**
 * Who the client is during a federated exchange. client-assertion: the client id with the
 * CI token as its assertion. Otherwise the exchange is authorised by the CI token itself,
 * and the client is whatever is configured: a confidential client (secret or key), a
 * public one (client id only), or none at all (a cloud STS that needs no client).
 */
async function federationClient(settings, mode, ci) {
    const clientId = settings.clientId;
    if (mode === 'client-assertion') {
        if (!clientId || !ci) {
            throw (0,errors/* usageError */.Wp)('federation: client-assertion needs a client id: the server trusts the CI token on behalf of that client.', 'Set client-id (--client-id / TOKENRELAY_CLIENT_ID) to the client whose federated credential trusts this job.');
        }
        return { client: { client_id: clientId }, auth: ClientAssertion(() => ci.current()), identified: true };
    }
    if (clientId && (settings.clientSecret || settings.privateKey)) {
        const { client, auth } = await (0,configured_client/* clientAuthFromSettings */.zF)(settings);
        return { client, auth, identified: true };
    }
    if (clientId)
        return { client: { client_id: clientId }, auth: build.None(), identified: true };
    // oauth4webapi requires a client id; NoClientAuth never sends it.
    return { client: { client_id: 'tokenrelay' }, auth: NoClientAuth, identified: false };
}
/**
 * The client that revokes a federated token in the post step: the same one that obtained
 * it. In client-assertion mode that takes a CI token again (GitHub mints a fresh one; the
 * request variables are still set in post steps). undefined: no client was identified, and
 * RFC 7009 has no way to revoke without one.
 */
async function federationRevocationClient(settings, env, transport) {
    const mode = settings.federation ?? 'token-exchange';
    const ci = mode === 'client-assertion'
        ? pickCiTokenSource(settings, env, {
            audience: settings.oidcAudience ?? settings.issuer ?? settings.tokenEndpoint,
            transport,
        })
        : undefined;
    const found = await federationClient(settings, mode, ci);
    return found.identified ? found : undefined;
}


/***/ })

};
