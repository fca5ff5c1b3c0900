export const id = 731;
export const ids = [731,581];
export const modules = {

/***/ 3975:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Li: () => (/* binding */ secondsLeft),
/* harmony export */   a6: () => (/* binding */ audienceText),
/* harmony export */   dG: () => (/* binding */ decodeJwtClaims),
/* harmony export */   p1: () => (/* binding */ expiryOf),
/* harmony export */   um: () => (/* binding */ trustClaims)
/* harmony export */ });
/**
 * Reads a CI token's claims without verifying it: the server verifies, we only look, to
 * know when it expires and to show what the server will see. Dependency-free on purpose,
 * so telling a JWT from garbage costs nothing at start-up.
 */
/** The claims servers match in a trust policy (GitHub and GitLab names); nothing else is shown. */
const TRUST_CLAIMS = [
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
];
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


/***/ }),

/***/ 6173:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  i: () => (/* binding */ pickCiTokenSource)
});

// EXTERNAL MODULE: ./.tmp/lib-main/core/errors.js
var errors = __webpack_require__(2956);
// EXTERNAL MODULE: ./.tmp/lib-main/core/secrets.js + 1 modules
var secrets = __webpack_require__(9754);
// EXTERNAL MODULE: ./.tmp/lib-main/http/fetch.js + 5 modules
var fetch = __webpack_require__(5153);
// EXTERNAL MODULE: ./.tmp/lib-main/http/json-body.js
var json_body = __webpack_require__(529);
// EXTERNAL MODULE: ./.tmp/lib-main/http/retry.js + 3 modules
var retry = __webpack_require__(2537);
// EXTERNAL MODULE: ./.tmp/lib-main/http/url-policy.js + 1 modules
var url_policy = __webpack_require__(596);
;// CONCATENATED MODULE: ./.tmp/lib-main/ci/ci-token.js
/** A token with less than this left is renewed (or refused) before it is sent. */
const MIN_VALIDITY_SECONDS = 30;

// EXTERNAL MODULE: ./.tmp/lib-main/ci/jwt-claims.js
var jwt_claims = __webpack_require__(3975);
;// CONCATENATED MODULE: ./.tmp/lib-main/ci/github-oidc.js
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
        if (!value || !(0,jwt_claims/* decodeJwtClaims */.dG)(value)) {
            throw (0,errors/* protocolError */.JW)(`GitHub's OIDC token endpoint answered without a JWT in "value".`, RERUN);
        }
        return value;
    };
    return {
        origin: 'github',
        label: 'GitHub Actions OIDC',
        async current() {
            if (cached && (0,jwt_claims/* secondsLeft */.Li)((0,jwt_claims/* decodeJwtClaims */.dG)(cached), now()) > MIN_VALIDITY_SECONDS)
                return cached;
            // Freshly minted, or renewed because a retry outlived the last one.
            const token = await fetchToken();
            const left = (0,jwt_claims/* secondsLeft */.Li)((0,jwt_claims/* decodeJwtClaims */.dG)(token), now());
            if (left <= 0) {
                throw (0,errors/* authError */.P_)(`The OIDC token GitHub just issued has already expired (${-left} s ago).`, "Check the runner's clock.");
            }
            cached = token;
            return token;
        },
    };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./.tmp/lib-main/ci/gitlab-oidc.js
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
    if (!(0,jwt_claims/* decodeJwtClaims */.dG)(value)) {
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
        if (!value || !(0,jwt_claims/* decodeJwtClaims */.dG)(value)) {
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
    const claims = (0,jwt_claims/* decodeJwtClaims */.dG)(token);
    const left = (0,jwt_claims/* secondsLeft */.Li)(claims, now);
    if (left > MIN_VALIDITY_SECONDS)
        return;
    const at = (0,jwt_claims/* expiryOf */.p1)(claims).toISOString();
    throw (0,errors/* authError */.P_)(left <= 0
        ? `The CI token in ${where} expired at ${at}.`
        : `The CI token in ${where} expires at ${at}, too soon to use.`, hint);
}

;// CONCATENATED MODULE: ./.tmp/lib-main/ci/pick-ci-token.js


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


/***/ }),

/***/ 9602:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JB: () => (/* binding */ JWT_BEARER_GRANT),
/* harmony export */   ZL: () => (/* binding */ jwtBearer),
/* harmony export */   au: () => (/* binding */ signAssertion)
/* harmony export */ });
/* unused harmony export ASSERTION_LIFETIME_SECONDS */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9754);
/* harmony import */ var _grant_request_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3217);



const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Long enough for a slow proxy, short enough that a leaked assertion is soon worthless. */
const ASSERTION_LIFETIME_SECONDS = 300;
/** RFC 7523 \u00a72.1: a JWT \u2014 the CI token, or one signed here \u2014 is the authorization grant. */
function jwtBearer(opts) {
    return (0,_grant_request_js__WEBPACK_IMPORTED_MODULE_2__/* .grantRequest */ .e)(JWT_BEARER_GRANT, async () => ({ assertion: await opts.assertion() }), opts);
}
/**
 * A JWT bearer assertion signed with the configured private key (the Google service
 * account, Salesforce and DocuSign JWT flows): short-lived, with a fresh `jti` each time so a
 * retry is never refused as a replay. Registered as a secret: until it expires it is as good
 * as a token.
 */
async function signAssertion(opts) {
    const { SignJWT } = await Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(265)]).then(__webpack_require__.bind(__webpack_require__, 7265));
    const now = Math.floor(Date.now() / 1000);
    const claims = opts.scope ? { scope: opts.scope } : {};
    const header = { alg: opts.key.alg, typ: 'JWT', ...(opts.key.kid ? { kid: opts.key.kid } : {}) };
    const jwt = await new SignJWT(claims)
        .setProtectedHeader(header)
        .setIssuer(opts.issuer)
        .setSubject(opts.subject)
        .setAudience(opts.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + ASSERTION_LIFETIME_SECONDS)
        .setJti((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)())
        .sign(opts.key.key);
    return (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .registerSecret */ .cl)(jwt);
}


/***/ }),

/***/ 9581:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  federationClient: () => (/* binding */ federationClient),
  federationRevocationClient: () => (/* binding */ federationRevocationClient)
});

// EXTERNAL MODULE: ./node_modules/oauth4webapi/build/index.js
var build = __webpack_require__(5235);
// EXTERNAL MODULE: ./.tmp/lib-main/ci/pick-ci-token.js + 3 modules
var pick_ci_token = __webpack_require__(6173);
// EXTERNAL MODULE: ./.tmp/lib-main/core/errors.js
var errors = __webpack_require__(2956);
;// CONCATENATED MODULE: ./.tmp/lib-main/oauth/client-assertion.js
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

// EXTERNAL MODULE: ./.tmp/lib-main/sources/configured-client.js + 1 modules
var configured_client = __webpack_require__(6914);
;// CONCATENATED MODULE: ./.tmp/lib-main/sources/federation-client.js





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
        ? (0,pick_ci_token/* pickCiTokenSource */.i)(settings, env, {
            audience: settings.oidcAudience ?? settings.issuer ?? settings.tokenEndpoint,
            transport,
        })
        : undefined;
    const found = await federationClient(settings, mode, ci);
    return found.identified ? found : undefined;
}


/***/ }),

/***/ 1731:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mintFederation: () => (/* binding */ mintFederation)
});

// EXTERNAL MODULE: ./.tmp/lib-main/ci/jwt-claims.js
var jwt_claims = __webpack_require__(3975);
// EXTERNAL MODULE: ./.tmp/lib-main/ci/pick-ci-token.js + 3 modules
var pick_ci_token = __webpack_require__(6173);
// EXTERNAL MODULE: ./.tmp/lib-main/oauth/client-credentials-grant.js
var client_credentials_grant = __webpack_require__(4524);
// EXTERNAL MODULE: ./.tmp/lib-main/oauth/jwt-bearer.js
var jwt_bearer = __webpack_require__(9602);
// EXTERNAL MODULE: ./.tmp/lib-main/oauth/grant-request.js + 2 modules
var grant_request = __webpack_require__(3217);
;// CONCATENATED MODULE: ./.tmp/lib-main/oauth/token-exchange.js

const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
/**
 * RFC 8693 token exchange. The answer's `issued_token_type` is kept (it says what came
 * back, which need not be what was asked for), and `token_type: N_A` \u2014 the RFC's word for
 * "not an access token" \u2014 is accepted by readTokenResponse.
 */
function tokenExchange(opts) {
    return (0,grant_request/* grantRequest */.e)(TOKEN_EXCHANGE_GRANT, async () => ({
        subject_token: await opts.subjectToken(),
        subject_token_type: opts.subjectTokenType ?? ID_TOKEN_TYPE,
        ...(opts.requestedTokenType ? { requested_token_type: opts.requestedTokenType } : {}),
    }), opts);
}

// EXTERNAL MODULE: ./.tmp/lib-main/sources/configured-client.js + 1 modules
var configured_client = __webpack_require__(6914);
// EXTERNAL MODULE: ./.tmp/lib-main/core/federation-modes.js
var federation_modes = __webpack_require__(5151);
;// CONCATENATED MODULE: ./.tmp/lib-main/sources/federation-advice.js




const GRANT_OF = {
    'token-exchange': TOKEN_EXCHANGE_GRANT,
    'jwt-bearer': jwt_bearer/* JWT_BEARER_GRANT */.JB,
    'client-assertion': 'client_credentials',
};
// Refusals where the usual cause is a trust policy that does not match the CI token.
const TRUST_ERRORS = new Set([
    'invalid_grant',
    'invalid_client',
    'invalid_target',
    'invalid_request',
    'unauthorized_client',
    'access_denied',
]);
/**
 * What a rejected federation needs beyond the OAuth error: which claims the server saw
 * (a wrong `aud` is the usual mistake) and where that claim is configured on this CI.
 */
function federationAdvice(input) {
    return (code) => {
        if (code === 'unsupported_grant_type')
            return unsupported(input);
        if (!TRUST_ERRORS.has(code))
            return undefined;
        const c = input.claims;
        const detail = `The CI token sent (${input.ci.label}) had aud "${(0,jwt_claims/* audienceText */.a6)(c)}", iss "${federation_advice_text(c?.iss)}", ` +
            `sub "${federation_advice_text(c?.sub)}"; the server's trust policy must accept these.`;
        // RFC 8693 \u00a72.2.2 answers invalid_request for a refused subject token: a rejection (4),
        // not a malformed request.
        return { detail, hint: whereToConfigure(input.ci), kind: 'auth' };
    };
}
function unsupported({ mode, grantTypes }) {
    const listed = Array.isArray(grantTypes) ? grantTypes.filter((g) => typeof g === 'string') : undefined;
    const others = federation_modes/* FEDERATION_MODES */.dF.filter((m) => m !== mode);
    const offered = listed ? others.filter((m) => listed.includes(GRANT_OF[m])) : others;
    const tail = listed ? " (from the grant types in the server's metadata)" : '';
    return {
        detail: `federation: ${mode} needs the ${GRANT_OF[mode]} grant.`,
        hint: offered.length
            ? `Try federation: ${offered.join(' or ')}${tail}, or enable ${GRANT_OF[mode]} at the server.`
            : `The server's metadata lists none of the federation grants; enable ${GRANT_OF[mode]} at the server.`,
    };
}
function whereToConfigure(ci) {
    switch (ci.origin) {
        case 'github':
            return 'Compare the claims above with what the server trusts: set oidc-audience (--oidc-audience / TOKENRELAY_OIDC_AUDIENCE) to the audience it expects, and its trusted issuer and subject (e.g. repo:ORG/REPO:ref:refs/heads/main) to this job (README "Keyless CI").';
        case 'gitlab':
            return `Compare the claims above with what the server trusts: set the aud of id_tokens: ${ci.label}: in .gitlab-ci.yml to the audience it expects, and its trusted issuer and subject (e.g. project_path:GROUP/PROJECT:ref_type:branch:ref:main) to this job (README "Keyless CI").`;
        case 'file':
            return 'Whatever issues the token sets its aud (for a Kubernetes projected token, the audience of the serviceAccountToken volume); make it, the issuer and the subject match what the server trusts.';
    }
}
function federation_advice_text(v) {
    return typeof v === 'string' ? v : '(none)';
}

// EXTERNAL MODULE: ./.tmp/lib-main/sources/federation-client.js + 1 modules
var federation_client = __webpack_require__(9581);
// EXTERNAL MODULE: ./.tmp/lib-main/sources/minted.js
var minted = __webpack_require__(1985);
;// CONCATENATED MODULE: ./.tmp/lib-main/sources/mint-federation.js









/** The heavy half of the federation source, loaded only when it runs. */
async function mintFederation(ctx, mode, extras) {
    const { settings } = ctx;
    const transport = (0,configured_client/* transportOptions */.wL)(settings, ctx.debug);
    const server = await (0,configured_client/* authorizationServer */.PZ)(settings, transport);
    // GitHub mints for the audience we name: by default the server that will verify it.
    const audience = settings.oidcAudience ?? settings.issuer ?? server.issuer;
    const ci = (0,pick_ci_token/* pickCiTokenSource */.i)(settings, ctx.env, { audience, transport });
    // A CI token that is missing, malformed or expired fails here, before the server is asked.
    const first = await ci.current();
    const claims = (0,jwt_claims/* decodeJwtClaims */.dG)(first);
    ctx.debug?.(`federation: ${mode} with the CI token from ${ci.label} (aud ${JSON.stringify(claims?.aud)})`);
    const { client, auth } = await (0,federation_client.federationClient)(settings, mode, ci);
    const common = {
        server,
        client,
        clientAuth: auth,
        ...(0,minted/* requestedFor */.A8)(settings, extras.extraParams),
        transport,
        advise: federationAdvice({ mode, ci, claims, grantTypes: server.grant_types_supported }),
    };
    const token = await (0,minted/* minting */.js)('oidc', server, () => exchange(mode, common, () => ci.current(), settings));
    return {
        ...token,
        source: 'federation',
        sourceLabel: `CI federation (${mode}, ${ci.label})`,
        method: 'oidc',
        ...(0,minted/* mintedAt */.Dt)(ctx, server),
        ciClaims: (0,jwt_claims/* trustClaims */.um)(claims),
    };
}
function exchange(mode, common, ciToken, settings) {
    switch (mode) {
        case 'token-exchange':
            return tokenExchange({
                ...common,
                subjectToken: ciToken,
                subjectTokenType: settings.subjectTokenType,
                requestedTokenType: settings.requestedTokenType,
            });
        case 'jwt-bearer':
            return (0,jwt_bearer/* jwtBearer */.ZL)({ ...common, assertion: ciToken });
        case 'client-assertion':
            return (0,client_credentials_grant/* clientCredentials */.a)({ ...common, clientId: common.client.client_id });
    }
}


/***/ })

};
