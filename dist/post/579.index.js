export const id = 579;
export const ids = [579];
export const modules = {

/***/ 579:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  revokeMinted: () => (/* binding */ revokeMinted)
});

// UNUSED EXPORTS: failAfterMinting, validUntil, wasMinted

// EXTERNAL MODULE: ./.tmp/lib-chunked/core/errors.js
var errors = __webpack_require__(293);
// EXTERNAL MODULE: ./.tmp/lib-chunked/core/settings.js + 1 modules
var core_settings = __webpack_require__(308);
// EXTERNAL MODULE: ./.tmp/lib-chunked/http/fetch.js + 3 modules
var fetch = __webpack_require__(840);
// EXTERNAL MODULE: ./.tmp/lib-chunked/http/retry.js + 2 modules
var retry = __webpack_require__(702);
// EXTERNAL MODULE: ./.tmp/lib-chunked/http/to-response.js
var to_response = __webpack_require__(8);
// EXTERNAL MODULE: ./.tmp/lib-chunked/http/url-policy.js
var url_policy = __webpack_require__(417);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/oauth/form-post.js
/**
 * The authenticated form POST oauth4webapi's token and revocation requests send, built here
 * so the answer need not be a WHATWG Response (see access-token-response.ts). The client
 * authentication is still an oauth4webapi ClientAuth: it only sets body parameters or, for
 * client_secret_basic, the Authorization header through `set`, which is all the Headers it
 * is handed needs to have.
 */
async function formPost(server, client, clientAuth, params, { accept }) {
    const headers = accept ? { accept: 'application/json' } : {};
    const sink = {
        set(name, value) {
            headers[name.toLowerCase()] = value;
        },
    };
    await clientAuth(server, client, params, sink);
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    return { method: 'POST', headers, body: params };
}

// EXTERNAL MODULE: ./.tmp/lib-chunked/oauth/oauth-errors.js
var oauth_errors = __webpack_require__(473);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/oauth/revoke.js






/**
 * RFC 7009 revocation, best effort: callers (the post step, logout) warn and carry on, so
 * this never throws. Revoking twice is harmless, so it is retried like any idempotent call.
 */
async function revokeToken(opts) {
    const { server, token, transport } = opts;
    const what = 'the revocation endpoint';
    if (typeof server.revocation_endpoint !== 'string' || !server.revocation_endpoint) {
        return {
            ok: false,
            message: 'The server offers no revocation endpoint; the token stays valid until it expires.',
        };
    }
    const policy = { what, retryable: true };
    const client = { client_id: opts.clientId };
    const url = server.revocation_endpoint;
    try {
        (0,url_policy/* assertSendableUrl */.W)(url, what);
        const send = (0,fetch/* createSend */.R)(transport, policy);
        const answer = await (0,retry/* withRetries */.L)(async () => {
            // As oauth4webapi's revocationRequest sends it: the hint first, then the token.
            const params = new URLSearchParams(opts.tokenTypeHint ? { token_type_hint: opts.tokenTypeHint } : {});
            params.set('token', token);
            return send(url, await formPost(server, client, opts.clientAuth, params, { accept: false }));
        }, transport, policy);
        // RFC 7009 \u00a72.2: 200 is success, whatever the body. Anything else goes to oauth4webapi,
        // which reads the error out of it, and loads WHATWG Response only on that path.
        if (answer.status !== 200) {
            const lib = await __webpack_require__.e(/* import() */ 235).then(__webpack_require__.bind(__webpack_require__, 235));
            await lib.processRevocationResponse((0,to_response/* toResponse */.Z)(answer, 'POST'));
        }
        return { ok: true, message: 'Token revoked.' };
    }
    catch (e) {
        const err = await (0,oauth_errors/* mapOAuthError */.CH)(e, { what });
        return { ok: false, message: `Could not revoke the token: ${err.describe()}` };
    }
}

// EXTERNAL MODULE: ./.tmp/lib-chunked/sources/configured-client.js + 1 modules
var configured_client = __webpack_require__(901);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/app/revoke-minted.js




/**
 * Tokens this run created (client credentials, CI federation); a given or stored token is not
 * ours to revoke, nor one from the job's token cache, which other steps are using.
 */
function wasMinted(token) {
    return !token.cached && (token.method === 'client-credentials' || token.method === 'oidc');
}
/** "until 2026-\u2026Z", or "until it expires" when the server gave no lifetime. */
function validUntil(expiresAt) {
    return expiresAt ? `until ${expiresAt.toISOString()}` : 'until it expires';
}
/**
 * RFC 7009 for a token this run minted, by the client that minted it. Never throws: the
 * post step and the failure clean-up report the result and carry on.
 */
async function revokeMinted(token, settings, env, debug) {
    const endpoint = token.revocationEndpoint ?? settings.revocationEndpoint;
    if (!endpoint) {
        return {
            ok: false,
            message: `No revocation endpoint is known (the server's metadata names none), so the token stays valid ${validUntil(token.expiresAt)}. ` +
                `Set ${(0,core_settings/* settingName */.QX)(settings, 'revocationEndpoint')} to revoke it.`,
        };
    }
    try {
        const transport = (0,configured_client/* transportOptions */.wL)(settings, debug);
        const who = token.method === 'oidc'
            ? await (await Promise.all(/* import() */[__webpack_require__.e(235), __webpack_require__.e(486)]).then(__webpack_require__.bind(__webpack_require__, 486))).federationRevocationClient(settings, env, transport)
            : await (0,configured_client/* clientAuthFromSettings */.zF)(settings);
        if (!who) {
            return {
                ok: false,
                message: `No client id is configured to revoke with; the token stays valid ${validUntil(token.expiresAt)}.`,
            };
        }
        return await revokeToken({
            server: { issuer: settings.issuer ?? endpoint, revocation_endpoint: endpoint },
            clientId: who.client.client_id,
            clientAuth: who.auth,
            token: token.accessToken,
            tokenTypeHint: 'access_token',
            transport,
        });
    }
    catch (e) {
        return { ok: false, message: `Could not revoke the token: ${(0,errors/* toTokenRelayError */.o7)(e).describe()}` };
    }
}
/**
 * A run that fails after minting a token takes it back before it exits, best effort, and the
 * error says whether that worked: nothing minted is left live for its whole lifetime because
 * a later step (validation, the tenant check, an export) went wrong.
 */
async function failAfterMinting(error, token, settings, env, debug) {
    const failure = toTokenRelayError(error);
    if (!wasMinted(token))
        return failure;
    const result = await revokeMinted(token, settings, env, debug);
    // A revoked token must not be handed to the next call from the cache.
    if (result.ok)
        await token.uncache?.().catch(() => { });
    const stays = /stays valid/.test(result.message) ? '' : ` It stays valid ${validUntil(token.expiresAt)}.`;
    const note = result.ok
        ? 'The token minted for this run was revoked.'
        : `The token minted for this run was not revoked: ${result.message.replace(/\.$/, '')}.${stays}`;
    // Before the hint, so the line still ends with what to do next.
    return new TokenRelayError(failure.kind, `${failure.message} ${note}`, failure.hint, { cause: failure });
}


/***/ }),

/***/ 940:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rc: () => (/* binding */ ConnectionError),
/* harmony export */   Rk: () => (/* binding */ isConnectionError),
/* harmony export */   vF: () => (/* binding */ describeSocketError)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(293);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(735);
/* harmony import */ var _wording_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(943);



/**
 * An attempt that failed before a complete answer arrived (refused, reset, DNS, TLS,
 * deadline). Always exit 5; `retryable` tells `withRetries` whether another attempt could
 * go differently \u2014 a refused connection might, a certificate the system does not trust will
 * not, so retrying it only delays the message the user needs.
 */
class ConnectionError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7 {
    retryable;
    constructor(message, hint, retryable, cause) {
        super('unavailable', message, hint, { cause });
        this.name = 'ConnectionError';
        this.retryable = retryable;
    }
}
function isConnectionError(e) {
    return e instanceof ConnectionError;
}
const TLS_HINT = 'If a corporate proxy or private CA signs this certificate, point NODE_EXTRA_CA_CERTS at its PEM file.';
/** Turns a socket-level error into words a CI log reader can act on. */
function describeSocketError(err, ctx) {
    const code = err.code ?? '';
    const message = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .scrub */ ._I)(err.message ?? '');
    const where = `${ctx.what} (${ctx.target})${ctx.proxy ? ` through the proxy ${ctx.proxy}` : ''}`;
    // The tunnelling agent reports a refused CONNECT as ECONNRESET with the status in the text.
    const tunnel = /^tunneling socket could not be established, (.*)$/.exec(message);
    if (ctx.proxy && tunnel) {
        return new ConnectionError(`The proxy ${ctx.proxy} would not open a tunnel to ${ctx.what} (${ctx.target}): ${tunnel[1]}.`, 'Check HTTPS_PROXY and NO_PROXY, and whether the proxy allows this host.', true, err);
    }
    if (code === 'ECONNREFUSED') {
        return new ConnectionError(`Could not connect to ${where}: connection refused.`, undefined, true, err);
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        return new ConnectionError(`Could not resolve the host of ${where} (${code}).`, 'Check the URL and the network or DNS settings of this machine.', code === 'EAI_AGAIN', err);
    }
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
        return new ConnectionError(`${(0,_wording_js__WEBPACK_IMPORTED_MODULE_2__/* .capitalise */ .sK)(where)} closed the connection (${code}).`, undefined, true, err);
    }
    if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
        return new ConnectionError(`Could not reach ${where} (${code}).`, undefined, true, err);
    }
    if (isTlsError(code, message)) {
        return new ConnectionError(`The TLS connection to ${where} failed: ${code || message}.`, TLS_HINT, false, err);
    }
    const detail = code || message;
    return new ConnectionError(`The request to ${where} failed: ${detail}.`, undefined, true, err);
}
function isTlsError(code, message) {
    return (code.startsWith('ERR_TLS') ||
        code.startsWith('ERR_SSL') ||
        code.includes('CERT') ||
        code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
        /certificate|ssl|tls/i.test(message));
}


/***/ }),

/***/ 840:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  H: () => (/* binding */ createFetch),
  R: () => (/* binding */ createSend)
});

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(67);
// EXTERNAL MODULE: ./.tmp/lib-chunked/core/errors.js
var errors = __webpack_require__(293);
// EXTERNAL MODULE: ./.tmp/lib-chunked/core/secrets.js + 1 modules
var secrets = __webpack_require__(735);
// EXTERNAL MODULE: ./.tmp/lib-chunked/http/connection-error.js
var connection_error = __webpack_require__(940);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/http/proxy-variables.js
/**
 * Which proxy the environment names for a target, by the conventions the GitHub runner's
 * own HTTP client follows (lowercase beats uppercase; an https target reads https_proxy, an
 * http one http_proxy; NO_PROXY entries match the host, a parent domain, `host:port`, or `*`;
 * loopback is never proxied). Read from the environment it is given, so tests pass one in.
 */
/** The variable that names the proxy for `target`, as read (lowercase wins). */
function proxyVariableFor(target, env) {
    const [lower, upper] = target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
    return env[lower] ? lower : upper;
}
/** NO_PROXY (or loopback) says `target` goes direct. */
function bypassesProxy(target, env) {
    const host = target.hostname.toUpperCase();
    if (!host)
        return false;
    if (host === 'LOCALHOST' || host.startsWith('127.') || host === '[::1]' || host === '[0:0:0:0:0:0:0:1]') {
        return true;
    }
    const noProxy = env.no_proxy || env.NO_PROXY || '';
    const port = target.port || (target.protocol === 'https:' ? '443' : target.protocol === 'http:' ? '80' : '');
    const hosts = port ? [host, `${host}:${port}`] : [host];
    return noProxy
        .split(',')
        .map((item) => item.trim().toUpperCase())
        .filter(Boolean)
        .some((item) => item === '*' ||
        hosts.some((h) => h === item || h.endsWith(`.${item}`) || (item.startsWith('.') && h.endsWith(item))));
}
/**
 * The proxy URL for `target`, with its user and password percent-decoded; undefined when
 * none is set, the target bypasses it, or the value is no URL even with `http://` in front.
 */
function proxyFromEnv(target, env) {
    if (bypassesProxy(target, env))
        return undefined;
    const value = env[proxyVariableFor(target, env)];
    if (!value)
        return undefined;
    const parsed = parseUrl(value) ?? (/^https?:\/\//.test(value) ? undefined : parseUrl(`http://${value}`));
    if (!parsed)
        return undefined;
    try {
        // The tunnelling agent sends these as they are: decoded once, here, and never again.
        const decoded = {
            username: decodeURIComponent(parsed.username),
            password: decodeURIComponent(parsed.password),
        };
        return Object.defineProperties(parsed, {
            username: { value: decoded.username },
            password: { value: decoded.password },
        });
    }
    catch {
        return undefined;
    }
}
function parseUrl(text) {
    try {
        return new URL(text);
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./.tmp/lib-chunked/http/url-policy.js
var url_policy = __webpack_require__(417);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/http/proxy.js




/**
 * The proxy a request to `target` would go through under `env` (the process's, unless a
 * caller or a test hands its own), or undefined.
 */
async function proxyUrlFor(target, env = process.env) {
    if ((0,url_policy/* isLoopbackHost */.c)(target.hostname))
        return undefined;
    const proxy = proxyFromEnv(target, env);
    // "proxy.corp:3128" parses as a URL with scheme "proxy.corp:" and no host, and a value the
    // helper cannot decode comes back as "no proxy": either way the request would quietly go
    // direct, which fails later and confusingly. The value is not echoed: it may carry the
    // proxy's password.
    const variable = proxyVariableFor(target, env);
    if (!proxy) {
        if (bypassesProxy(target, env) || !env[variable])
            return undefined;
        throw (0,errors/* usageError */.Wp)(`${variable} is set but is not a URL tokenrelay can use.`, 'Write it as http://[user:password@]host:port, with special characters in the password percent-encoded.');
    }
    if (!proxy.hostname) {
        throw (0,errors/* usageError */.Wp)(`${variable} is set but names no proxy host tokenrelay can use.`, 'Write it with its scheme, for example http://proxy.example.com:3128.');
    }
    if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
        throw (0,errors/* usageError */.Wp)(`${variable} uses ${proxy.protocol}, which tokenrelay does not support.`, 'Use an http:// or https:// proxy, or add the host to NO_PROXY.');
    }
    if (proxy.password) {
        // Already decoded (proxyFromEnv); the tunnelling agent sends them as base64 in
        // Proxy-Authorization, a form registerSecret adds.
        (0,secrets/* registerSecret */.cl)(proxy.password);
        (0,secrets/* registerSecret */.cl)(`${proxy.username}:${proxy.password}`);
    }
    return proxy;
}
/** How to reach `target`: through a tunnelling agent, or undefined for a direct connection. */
async function proxyRouteFor(target, env) {
    const proxy = await proxyUrlFor(target, env);
    if (!proxy)
        return undefined;
    // The agent HttpClient itself builds (the `tunnel` package, same options), without
    // HttpClient: its module drags in undici, which would be most of our bundle and start-up.
    const tunnel = await __webpack_require__.e(/* import() */ 770).then(__webpack_require__.t.bind(__webpack_require__, 770, 19));
    const options = {
        maxSockets: 100,
        keepAlive: false,
        proxy: {
            host: proxy.hostname,
            port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)),
            // proxyFromEnv decoded username and password already; decoding again would turn a
            // literal "%41" in a password into "A".
            ...(proxy.username || proxy.password ? { proxyAuth: `${proxy.username}:${proxy.password}` } : {}),
        },
    };
    const overHttps = proxy.protocol === 'https:';
    const make = target.protocol === 'https:'
        ? overHttps
            ? tunnel.httpsOverHttps
            : tunnel.httpsOverHttp
        : overHttps
            ? tunnel.httpOverHttps
            : tunnel.httpOverHttp;
    return { proxyHost: proxy.host, agent: make(options) };
}

;// CONCATENATED MODULE: ./.tmp/lib-chunked/http/request-body.js
const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';
/**
 * Turns fetch-style init into what node:http needs. oauth4webapi hands form posts over as
 * URLSearchParams and leaves the content type to fetch, which sets it from the body type;
 * we have to do the same or the token endpoint sees an untyped body.
 */
function encodeRequest(init) {
    const headers = {};
    const given = init?.headers;
    // Duck-typed: naming the global Headers would load Node's fetch machinery (see HttpAnswer).
    if (isHeaders(given)) {
        given.forEach((value, name) => {
            headers[name] = value;
        });
    }
    else if (given) {
        for (const [name, value] of Object.entries(given))
            headers[name.toLowerCase()] = value;
    }
    // Typed as string | URLSearchParams, but oauth4webapi's resource requests can pass bytes.
    const raw = init?.body;
    let body;
    if (raw instanceof URLSearchParams) {
        body = Buffer.from(raw.toString());
        headers['content-type'] ??= FORM_TYPE;
    }
    else if (typeof raw === 'string') {
        body = Buffer.from(raw);
    }
    else if (raw instanceof Uint8Array) {
        body = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    }
    else if (raw instanceof ArrayBuffer) {
        body = Buffer.from(raw);
    }
    else if (raw !== undefined && raw !== null) {
        throw new TypeError('tokenrelay transport: unsupported request body type (use a string or URLSearchParams)');
    }
    if (body)
        headers['content-length'] = String(body.length);
    // node:http sends no User-Agent, and some gateways reject requests without one.
    headers['user-agent'] ??= 'tokenrelay';
    // Servers that can answer in several forms pick by it: GitHub's token endpoint sends a
    // form-encoded body without it. oauth4webapi leaves it out of revocation requests.
    headers.accept ??= 'application/json';
    return { method: (init?.method ?? 'GET').toUpperCase(), headers, body };
}
function isHeaders(value) {
    return (typeof value === 'object' &&
        value !== null &&
        typeof value.forEach === 'function' &&
        typeof value.get === 'function');
}

// EXTERNAL MODULE: ./.tmp/lib-chunked/http/to-response.js
var to_response = __webpack_require__(8);
// EXTERNAL MODULE: ./.tmp/lib-chunked/http/wording.js
var wording = __webpack_require__(943);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/http/fetch.js









const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/**
 * One attempt on node:http/node:https rather than global fetch: we need a deadline that
 * covers the body, a size cap that drops the socket the moment it is passed, redirects never
 * followed, and the runner's proxy variables honoured. TLS options are left alone so
 * NODE_EXTRA_CA_CERTS (read by Node itself) keeps working. The answer is a plain HttpAnswer;
 * `createFetch` is the same attempt wrapped in a WHATWG Response, for oauth4webapi.
 */
function createSend(opts, policy) {
    return async (url, init) => {
        // Synchronous with respect to the network: a refused URL never reaches a socket.
        const target = (0,url_policy/* assertSendableUrl */.W)(url, policy.what);
        const request = encodeRequest(init);
        const route = await proxyRouteFor(target, opts.env);
        // node:https (and TLS with it) costs ~10 ms to load: only when the target needs it.
        const send = target.protocol === 'https:' ? (await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 708, 19))).request : external_node_http_.request;
        return attempt({ target, request, route, send, signal: init?.signal, opts, what: policy.what });
    };
}
/** The same attempt, fetch-shaped: what oauth4webapi's customFetch receives. */
function createFetch(opts, policy) {
    const send = createSend(opts, policy);
    return async (url, init) => (0,to_response/* toResponse */.Z)(await send(url, init), init?.method ?? 'GET');
}
function attempt(a) {
    const { target, request, route, send, signal, opts, what } = a;
    const ctx = { target: target.host, what, proxy: route?.proxyHost };
    const where = `${what} (${target.host})`;
    const maxBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const deadline = deadlineFor(opts, where);
    if (signal?.aborted)
        return Promise.reject(cancelled(where, signal));
    if (deadline.ms <= 0) {
        return Promise.reject(new connection_error/* ConnectionError */.Rc(`The command's time budget ran out before the request to ${where} could start.`, 'Allow the command more time.', false));
    }
    return new Promise((resolve, reject) => {
        const started = Date.now();
        let settled = false;
        let headersSeen = false;
        const settle = (err, response) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            if (err) {
                req.destroy();
                reject(err);
                return;
            }
            opts.debug?.((0,secrets/* scrub */._I)(`${request.method} ${target.host}${target.pathname} -> ${response.status} in ${Date.now() - started} ms`));
            resolve(response);
        };
        const onAbort = () => settle(cancelled(where, signal));
        // agent:false for direct requests: one attempt, one fresh connection. A pooled keep-alive
        // socket the server has just closed would fail a request that must not be sent twice.
        const req = send(target, {
            method: request.method,
            headers: request.headers,
            agent: route?.agent ?? false,
        });
        const timer = setTimeout(() => settle(deadline.error(headersSeen)), deadline.ms);
        signal?.addEventListener('abort', onAbort, { once: true });
        req.on('error', (err) => settle((0,connection_error/* describeSocketError */.vF)(err, ctx)));
        req.on('response', (res) => {
            headersSeen = true;
            const declared = Number(res.headers['content-length']);
            if (Number.isFinite(declared) && declared > maxBytes) {
                settle(tooLarge(where, maxBytes));
                return;
            }
            const chunks = [];
            let received = 0;
            res.on('data', (chunk) => {
                received += chunk.length;
                if (received > maxBytes) {
                    settle(tooLarge(where, maxBytes));
                    return;
                }
                chunks.push(chunk);
            });
            res.on('error', (err) => settle((0,connection_error/* describeSocketError */.vF)(err, ctx)));
            res.on('close', () => {
                if (!res.complete) {
                    settle(new connection_error/* ConnectionError */.Rc(`${(0,wording/* capitalise */.sK)(where)} closed the connection mid-answer.`, undefined, true));
                }
            });
            res.on('end', () => {
                try {
                    settle(undefined, (0,to_response/* toAnswer */.G)(res, Buffer.concat(chunks), target, (0,wording/* capitalise */.sK)(what)));
                }
                catch (err) {
                    settle(err);
                }
            });
        });
        req.end(request.body);
    });
}
/** The per-request deadline, shortened to the command's budget when that comes first. */
function deadlineFor(opts, where) {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const budgetLeft = opts.budgetDeadline === undefined ? Infinity : opts.budgetDeadline - Date.now();
    const byBudget = budgetLeft < timeoutMs;
    const ms = Math.max(0, Math.min(timeoutMs, budgetLeft));
    const error = (headersSeen) => {
        const doing = headersSeen ? 'did not finish its answer' : 'did not answer';
        if (byBudget) {
            return new connection_error/* ConnectionError */.Rc(`${(0,wording/* capitalise */.sK)(where)} ${doing} before the command's time budget ran out.`, 'Try again later, or allow the command more time.', false);
        }
        return new connection_error/* ConnectionError */.Rc(`${(0,wording/* capitalise */.sK)(where)} ${doing} within ${(0,wording/* formatSeconds */.Xo)(ms)} s.`, 'It may be down or overloaded; try again later, or check the URL.', true);
    };
    return { ms, error };
}
/**
 * Over-size is a protocol error (exit 3), not "unavailable": the server answered, with
 * something no token or profile endpoint sends, and asking again would get the same.
 */
function tooLarge(where, maxBytes) {
    return (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(where)} sent a response larger than ${(0,wording/* formatBytes */.z3)(maxBytes)}; tokenrelay stopped reading it.`, 'Check that the URL points at the endpoint itself and not at a page or a download.');
}
function cancelled(where, signal) {
    const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
    const message = timedOut
        ? `${(0,wording/* capitalise */.sK)(where)} did not answer in time (the caller's time limit).`
        : `The request to ${where} was cancelled.`;
    return new connection_error/* ConnectionError */.Rc(message, undefined, false, signal.reason);
}


/***/ }),

/***/ 918:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bu: () => (/* binding */ expectJsonObject),
/* harmony export */   kG: () => (/* binding */ bodyExcerpt)
/* harmony export */ });
/* unused harmony exports readJson, peekJson */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(293);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(735);
/* harmony import */ var _wording_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(943);



const EXCERPT_LENGTH = 200;
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
/**
 * A piece of a response body fit for an error message: secrets replaced first (so a secret
 * cut at the boundary cannot leak its first half), then control characters flattened (a
 * hostile server must not drive the terminal), then truncated.
 */
function bodyExcerpt(text, max = EXCERPT_LENGTH) {
    const clean = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_1__/* .scrub */ ._I)(text)
        .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    return clean.length > max ? `${clean.slice(0, max)}\u2026` : clean;
}
/**
 * The parsed JSON body, or a protocol error (exit 3) that says what came instead: an HTML
 * error page from a gateway is the usual culprit, and the excerpt shows which one.
 */
async function readJson(res, what) {
    const type = res.headers.get('content-type');
    const text = await res.text();
    if (!type || !JSON_TYPE.test(type)) {
        const got = type ? (type.split(';')[0] ?? type).trim() : 'no content type';
        const excerpt = bodyExcerpt(text);
        return fail(`Expected JSON from ${what}, got ${got} (HTTP ${res.status})${excerpt ? `: ${excerpt}` : '.'}`, 'Check that the URL points at the endpoint itself, and not at a login page or a proxy error page.');
    }
    try {
        return JSON.parse(text);
    }
    catch {
        return fail(`${(0,_wording_js__WEBPACK_IMPORTED_MODULE_2__/* .capitalise */ .sK)(what)} sent invalid JSON (HTTP ${res.status}).`, text.length === 0 ? 'The body was empty.' : 'The body was cut short or is not JSON.');
    }
}
/** Like readJson, for answers that must be a JSON object (token, discovery, profile). */
async function expectJsonObject(res, what) {
    const value = await readJson(res, what);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        const kind = Array.isArray(value)
            ? 'a JSON array'
            : value === null
                ? 'JSON null'
                : `a JSON ${typeof value}`;
        return fail(`${(0,_wording_js__WEBPACK_IMPORTED_MODULE_2__/* .capitalise */ .sK)(what)} sent ${kind} where an object was expected (HTTP ${res.status}).`);
    }
    return value;
}
/**
 * A JSON object body read from a clone, so `res` can still go to oauth4webapi; undefined when
 * the body is not one. For looking before processing: a secret to register, an error code.
 */
async function peekJson(res) {
    const value = await res
        .clone()
        .json()
        .catch(() => undefined);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : undefined;
}
function fail(message, hint) {
    throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .protocolError */ .JW)(message, hint);
}


/***/ }),

/***/ 702:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  L: () => (/* binding */ withRetries)
});

// UNUSED EXPORTS: redirectedError

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(500);
// EXTERNAL MODULE: ./.tmp/lib-chunked/core/errors.js
var errors = __webpack_require__(293);
// EXTERNAL MODULE: ./.tmp/lib-chunked/http/connection-error.js
var connection_error = __webpack_require__(940);
// EXTERNAL MODULE: ./.tmp/lib-chunked/http/json-body.js
var json_body = __webpack_require__(918);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/http/retry-after.js
/**
 * Retry-After in milliseconds from now, or undefined when absent or unreadable (then the
 * caller falls back to its own backoff). RFC 9110 allows delay-seconds or an HTTP date; a
 * date in the past means "now".
 */
function parseRetryAfter(value, now = Date.now()) {
    if (value === null || value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    // Date.parse also accepts things like "5" or "2026"; only take strings shaped like a date.
    if (!/[a-z]/i.test(text))
        return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at))
        return undefined;
    return Math.max(0, at - now);
}

;// CONCATENATED MODULE: ./.tmp/lib-chunked/http/retry-policy.js
/**
 * When to try a request again, and after how long: pure arithmetic, so the policy is tested
 * with a fixed clock and a fixed random source.
 *
 * Two kinds of failed attempt are treated differently because they mean different things:
 * - "rate limited" (429) is the server working as designed and telling a crowd to spread
 *   out. It is retried for as long as the time budget allows, with no count limit, each time
 *   after the server's Retry-After plus a random share of a window that widens with every
 *   429 (full jitter). Without the jitter, a matrix of jobs told `Retry-After: 1` all come
 *   back in the same second and most of them are refused again.
 * - "failing" (5xx, a dropped or refused connection) may be an outage: a bounded number of
 *   retries (`retries`), with exponential backoff and full jitter, honouring Retry-After when
 *   a 503 sends one.
 * Nothing is retried past the budget: a wait that would end after it is not begun.
 */
/** The rate-limit spread starts at 4 s and grows 1.5\u00d7 per 429, capped at 30 s. */
const RATE_LIMIT_SPREAD = { baseMs: 4000, factor: 1.5, capMs: 30_000 };
/** Backoff for failures: full jitter over 0.5 s, 1 s, 2 s \u2026 capped at 10 s. */
const FAILURE_BACKOFF = { baseMs: 500, factor: 2, capMs: 10_000 };
function retry_policy_window(spec, n) {
    return Math.min(spec.capMs, spec.baseMs * spec.factor ** n);
}
function decideRetry(failure, state, limits) {
    const floor = failure.retryAfterMs ?? 0;
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > limits.budgetMs) {
        return { retry: false, why: 'too-long' };
    }
    if (failure.kind === 'failing' && state.failing >= limits.retries)
        return { retry: false, why: 'retries' };
    if (floor >= limits.msLeft)
        return { retry: false, why: 'budget' };
    const spread = failure.kind === 'rate-limited'
        ? retry_policy_window(RATE_LIMIT_SPREAD, state.rateLimited)
        : retry_policy_window(FAILURE_BACKOFF, state.failing);
    // The jitter is kept inside the budget rather than refused for it: the server's own
    // Retry-After fits, so one more attempt inside the budget is worth making.
    const jitter = limits.random() * Math.min(spread, limits.msLeft - floor);
    const waitMs = floor + jitter;
    if (waitMs >= limits.msLeft)
        return { retry: false, why: 'budget' };
    return { retry: true, waitMs };
}

// EXTERNAL MODULE: ./.tmp/lib-chunked/http/wording.js
var wording = __webpack_require__(943);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/http/retry.js







const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_BUDGET_SECONDS = 90;
/**
 * Calls `send` until it gets an answer worth returning. `send` rebuilds the request each
 * time (a fresh signed assertion, a fresh CI token), so it receives the attempt number.
 *
 * Retried (see retry-policy.ts for how long to wait): 429 for as long as the retry budget
 * lasts; 5xx and connection errors marked retryable up to `retries` times \u2014 never 4xx
 * otherwise, since a bad secret must fail fast, and nothing at all when `policy.retryable`
 * is false. Returned as is: 2xx and 4xx (the caller reads the OAuth error). Thrown: a 3xx
 * (protocol, exit 3), a 5xx/429 still failing when the retries or the budget run out (exit
 * 5), a Retry-After longer than the whole budget (exit 5, saying when to come back). Pass
 * the same `opts` to `createFetch`: it clamps each attempt to `budgetDeadline`.
 */
async function withRetries(send, opts, policy) {
    const retries = Math.max(0, opts.retries ?? DEFAULT_RETRIES);
    const budgetMs = policy.retryable
        ? Math.max(0, opts.retryBudgetSeconds ?? DEFAULT_RETRY_BUDGET_SECONDS) * 1000
        : 0;
    const now = opts.now ?? Date.now;
    const random = opts.random ?? Math.random;
    const sleep = opts.sleep ?? ((ms) => (0,promises_.setTimeout)(ms));
    const started = now();
    const budgetEnd = Math.min(started + budgetMs, opts.budgetDeadline ?? Infinity);
    const state = { rateLimited: 0, failing: 0 };
    for (let attempt = 0;; attempt++) {
        const outcome = await settle(send, attempt);
        if (!(0,connection_error/* isConnectionError */.Rk)(outcome)) {
            if (outcome.status >= 300 && outcome.status < 400) {
                if (policy.redirects === 'return')
                    return outcome;
                throw redirectedError(outcome, policy.what);
            }
            if (!isRetryableStatus(outcome.status))
                return outcome;
        }
        const attempts = attempt + 1;
        const retryAfterMs = (0,connection_error/* isConnectionError */.Rk)(outcome)
            ? undefined
            : parseRetryAfter(outcome.headers.get('retry-after'), now());
        const failure = {
            kind: !(0,connection_error/* isConnectionError */.Rk)(outcome) && outcome.status === 429 ? 'rate-limited' : 'failing',
            retryAfterMs,
        };
        const decision = policy.retryable
            ? decideRetry(failure, state, { retries, budgetMs, msLeft: budgetEnd - now(), random })
            : { retry: false, why: 'retries' };
        if (!decision.retry) {
            if (decision.why === 'too-long')
                throw comeBackLater(outcome, policy.what, retryAfterMs, now());
            const why = decision.why === 'budget' ? ' before the time budget ran out' : '';
            throw await exhausted(outcome, policy.what, attempts, retryAfterMs, why);
        }
        if (failure.kind === 'rate-limited')
            state.rateLimited++;
        else
            state.failing++;
        opts.debug?.(`${policy.what} ${(0,connection_error/* isConnectionError */.Rk)(outcome) ? 'failed' : `answered HTTP ${outcome.status}`}; ` +
            `retrying in ${Math.round(decision.waitMs)} ms (attempt ${attempts + 1})`);
        await sleep(decision.waitMs);
    }
}
/** A Response, or the connection error that may be retried; anything else propagates. */
async function settle(send, attempt) {
    try {
        return await send(attempt);
    }
    catch (e) {
        if ((0,connection_error/* isConnectionError */.Rk)(e) && e.retryable)
            return e;
        throw e;
    }
}
function isRetryableStatus(status) {
    return status === 429 || (status >= 500 && status <= 599);
}
/** A 3xx is never followed with credentials: it becomes this protocol error, naming only the host. */
function redirectedError(res, what) {
    const location = res.headers.get('location');
    let host = 'a location it did not name';
    let slashOnly = false;
    if (location) {
        try {
            const from = res.url ? new URL(res.url) : undefined;
            const to = new URL(location, from);
            host = to.host;
            slashOnly = Boolean(from && to.origin === from.origin && to.pathname === `${from.pathname}/`);
        }
        catch {
            host = 'a location that is not a valid URL';
        }
    }
    return (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(what)} redirected (HTTP ${res.status}) to another location (${host}); ` +
        'tokenrelay does not follow redirects with credentials.', slashOnly
        ? 'It wants the same URL with a trailing slash: configure the URL with the slash, exactly as the server spells it.'
        : 'Configure the final URL.');
}
function comeBackLater(outcome, what, retryAfterMs, now) {
    const seconds = Math.ceil(retryAfterMs / 1000);
    const at = new Date(now + retryAfterMs).toISOString();
    const status = (0,connection_error/* isConnectionError */.Rk)(outcome) ? '' : ` (HTTP ${outcome.status})`;
    return (0,errors/* unavailableError */.bj)(`${(0,wording/* capitalise */.sK)(what)} asked us to retry after ${seconds} s (at ${at})${status}; try again then.`);
}
async function exhausted(outcome, what, attempts, retryAfterMs, why = '') {
    if (outcome instanceof connection_error/* ConnectionError */.Rc) {
        const tries = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}${why}`;
        if (attempts === 1 && !why)
            return outcome;
        const message = `${outcome.message.replace(/\.$/, '')} (after ${tries}).`;
        return new connection_error/* ConnectionError */.Rc(message, outcome.hint, false, outcome);
    }
    // The same answer on every attempt reads as what it is: a deterministic failure, with the
    // URL (never its query) and the start of what the server said.
    const tries = why
        ? `on ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}${why}`
        : attempts === 1
            ? 'on its only attempt'
            : `on all ${attempts} attempts`;
    const where = outcome.url ? ` (${outcome.url})` : '';
    const said = await bodyText(outcome);
    const hint = retryAfterMs !== undefined
        ? `It asked to retry after ${Math.ceil(retryAfterMs / 1000)} s; try again then.`
        : outcome.status === 429
            ? 'It is rate-limiting this client; try again later, or allow a longer retry-budget-seconds.'
            : 'The service may be down, or failing on this very request: check the URL (a trailing slash matters to some servers) and try again later.';
    return (0,errors/* unavailableError */.bj)(`${(0,wording/* capitalise */.sK)(what)}${where} answered HTTP ${outcome.status} ${tries}.${said ? ` It said: ${said}` : ''}`, hint);
}
const TEXT_TYPE = /^(text\/|application\/(?:[\w.-]+\+)?(?:json|xml)\b)/i;
/** The first 200 characters of a text body, scrubbed, HTML tags dropped; '' for anything else. */
async function bodyText(res) {
    const type = res.headers.get('content-type') ?? '';
    if (!TEXT_TYPE.test(type))
        return '';
    // An HttpAnswer holds its body as bytes; a Response has to be read.
    const body = res.body;
    const text = Buffer.isBuffer(body) ? body.toString('utf8') : await res.text().catch(() => '');
    const plain = /html/i.test(type)
        ? text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
        : text;
    return (0,json_body/* bodyExcerpt */.kG)(plain);
}


/***/ }),

/***/ 8:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ toAnswer),
/* harmony export */   Z: () => (/* binding */ toResponse)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(293);

const NULL_BODY_STATUSES = new Set([204, 205, 304]);
/**
 * A fully buffered answer. `url` is set without the query: it exists so a redirect's
 * relative Location can be resolved, and whatever prints it later must not print a code or
 * key that travelled in the query.
 */
function toAnswer(res, body, target, what) {
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 599) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .protocolError */ .JW)(`${what} (${target.host}) answered with an invalid HTTP status ${status}.`);
    }
    const received = res.headers;
    const raw = res.rawHeaders;
    const headers = {
        get(name) {
            const value = received[name.toLowerCase()];
            if (value === undefined)
                return null;
            return Array.isArray(value) ? value.join(', ') : value;
        },
        raw: () => raw,
    };
    return {
        status,
        statusText: res.statusMessage ?? '',
        headers,
        body,
        url: `${target.origin}${target.pathname}`,
    };
}
/**
 * A real WHATWG Response from an answer, so oauth4webapi (which checks `instanceof
 * Response` and reads bodies itself) can consume it. Building one loads Node's fetch
 * machinery: only the paths that hand answers to oauth4webapi pay for it.
 */
function toResponse(answer, method) {
    const headers = new Headers();
    const raw = answer.headers.raw();
    for (let i = 0; i + 1 < raw.length; i += 2) {
        try {
            headers.append(raw[i], raw[i + 1]);
        }
        catch {
            // A header WHATWG Headers rejects cannot matter to an OAuth client; drop it, keep the rest.
        }
    }
    const { status } = answer;
    const nullBody = NULL_BODY_STATUSES.has(status) || method.toUpperCase() === 'HEAD';
    const body = nullBody ? null : new Uint8Array(answer.body);
    const init = { status, statusText: answer.statusText, headers };
    let response;
    try {
        response = new Response(body, init);
    }
    catch {
        response = new Response(body, { ...init, statusText: '' });
    }
    Object.defineProperty(response, 'url', { value: answer.url });
    return response;
}


/***/ }),

/***/ 417:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ assertSendableUrl),
/* harmony export */   c: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(293);

/**
 * Loopback is the one place plain http is acceptable: the bytes never leave the machine.
 * `localhost` is taken on trust (the brief allows it); other names are not, because a name
 * can resolve anywhere. The WHATWG parser has already normalised `127.1`, `0x7f.0.0.1` and
 * `[0:0::1]`, so comparing the normalised forms is enough.
 */
function isLoopbackHost(hostname) {
    const host = hostname.toLowerCase();
    if (host === 'localhost' || host === '[::1]' || host === '::1')
        return true;
    return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
/**
 * Checks a URL before any byte is sent to it and returns it parsed. Messages name the host
 * only: a path or query may carry a tenant, a code or a key, and errors end up in CI logs.
 */
function assertSendableUrl(url, what) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`The URL configured for ${what} is not a valid absolute URL.`, 'Use a full https:// URL, for example https://idp.example.com/oauth2/token.');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`Refusing to send a request to ${what} over ${parsed.protocol} Only https:// is supported.`, 'Use https://, or http:// only for 127.0.0.1/::1.');
    }
    if (parsed.username || parsed.password) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`Refusing to use a URL with credentials in it (user:password@) for ${what} (${parsed.host}).`, 'Remove them from the URL and configure the client secret or token through its own setting.');
    }
    if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`Refusing to send credentials over plain http to ${parsed.host} (${what}).`, 'Use https://, or http:// only for 127.0.0.1/::1.');
    }
    return parsed;
}


/***/ }),

/***/ 943:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xo: () => (/* binding */ formatSeconds),
/* harmony export */   sK: () => (/* binding */ capitalise),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/** Small wording helpers shared by the transport's messages. */
/** `what` arrives as "the token endpoint"; sentences start with it. */
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** 30000 -> "30", 300 -> "0.3": deadlines are read by people, not parsed. */
function formatSeconds(ms) {
    return String(Math.round(ms / 100) / 10);
}
function formatBytes(bytes) {
    if (bytes % (1024 * 1024) === 0)
        return `${bytes / (1024 * 1024)} MiB`;
    if (bytes % 1024 === 0)
        return `${bytes / 1024} KiB`;
    return `${bytes} bytes`;
}


/***/ }),

/***/ 473:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B_: () => (/* binding */ describeContentType),
/* harmony export */   CH: () => (/* binding */ mapOAuthError),
/* harmony export */   Tn: () => (/* binding */ serverText)
/* harmony export */ });
/* unused harmony exports errorResponseToError, sentence */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(293);
/* harmony import */ var _http_json_body_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(918);
/* harmony import */ var _http_wording_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(943);



const DESCRIPTION_MAX = 200;
/** Server-supplied text: scrubbed (it may echo a secret), one line, bounded. */
function serverText(text, max = DESCRIPTION_MAX) {
    return typeof text === 'string' ? (0,_http_json_body_js__WEBPACK_IMPORTED_MODULE_1__/* .bodyExcerpt */ .kG)(text, max) : '';
}
/**
 * One OAuth error response (RFC 6749 \u00a75.2) \u2192 one exit code and a sentence saying what to
 * change. Refusals of the client or the grant are auth errors (4); a server saying it is
 * down is unavailable (5); a request it calls malformed is a protocol error (3).
 */
function errorResponseToError(code, description, status, ctx) {
    const err = code.replace(/[^\w.:-]/g, '').slice(0, 64) || 'unknown_error';
    const error = describeErrorResponse(err, description, status, ctx);
    const advice = ctx.advise?.(err);
    if (!advice)
        return error;
    const message = advice.detail ? `${error.message} ${advice.detail}` : error.message;
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7(advice.kind ?? error.kind, message, advice.hint ?? error.hint);
}
function describeErrorResponse(err, description, status, ctx) {
    const desc = serverText(description);
    const said = desc ? ` The server said: ${sentence(desc)}` : '';
    const What = (0,_http_wording_js__WEBPACK_IMPORTED_MODULE_2__/* .capitalise */ .sK)(ctx.what);
    const grant = ctx.grant ?? 'this';
    const auth = (message, hint) => new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('auth', `${message}${said}`, hint);
    switch (err) {
        case 'invalid_client':
            return auth(`${What} rejected the client credentials (invalid_client).`, `Check ${ctx.names?.clientId ?? 'TOKENRELAY_CLIENT_ID'} and the client secret or private key; if they are right, the server may expect another --client-auth method.`);
        case 'unauthorized_client':
            return auth(`${What} does not allow this client to use the ${grant} grant (unauthorized_client).`, `Enable the ${grant} grant for the client at the identity provider, or use a client that has it.`);
        case 'invalid_grant':
            return auth(`${What} rejected the ${grant} grant (invalid_grant).`, ctx.grant === 'refresh_token'
                ? "The session has expired or was revoked; run 'tokenrelay auth login' again."
                : 'The code, token or assertion presented is invalid, expired or already used; obtain a new one.');
        case 'unsupported_grant_type':
            return auth(`${What} does not support the ${grant} grant (unsupported_grant_type).`, 'Check the issuer / token endpoint, or use a method this server supports.');
        case 'invalid_scope':
            return auth(ctx.scope
                ? `${What} rejected the requested scope "${serverText(ctx.scope, 120)}" (invalid_scope).`
                : `${What} rejected the request for its default scope (invalid_scope).`, ctx.scope
                ? `Request only scopes this client is allowed (${ctx.names?.scope ?? '--scope / TOKENRELAY_SCOPE'}).`
                : 'The server may have no default scope (Okta, Entra ID): set --scope (TOKENRELAY_SCOPE).');
        case 'invalid_target':
            return auth(`${What} rejected the requested resource or audience${targets(ctx)} (invalid_target).`, 'Check --resource / --audience against what the client may request.');
        case 'access_denied':
        case 'expired_token':
            if (ctx.grant === 'authorization_code' || ctx.grant === 'device_code' || err === 'expired_token') {
                return auth(`${What} refused the request (${err}).`, 'Start the sign-in again.');
            }
            return auth(`${What} refused the request (${err}).`, ctx.audience
                ? 'Check that the client may have a token for that --audience at the server.'
                : 'Some servers (Auth0) require an audience: set --audience (TOKENRELAY_AUDIENCE), and check what the client may have.');
        case 'server_error':
        case 'temporarily_unavailable':
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('unavailable', `${What} failed (${err}, HTTP ${status}).${said}`, 'The service may be down; try again later.');
        case 'invalid_request':
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('protocol', `${What} rejected the request as invalid (invalid_request).${said}`, 'Check --param, --audience and --resource values and the client authentication method.');
        default:
            return auth(`${What} refused the request (${err}, HTTP ${status}).`, 'Check the client configuration.');
    }
}
/**
 * Every oauth4webapi failure, mapped in one place. Our own errors (from the transport or a
 * pre-check) pass through untouched.
 */
async function mapOAuthError(e, ctx) {
    if ((0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isTokenRelayError */ .vI)(e))
        return e;
    // Only now: the client-credentials path must not load the library just to map errors.
    const oauth = await __webpack_require__.e(/* import() */ 235).then(__webpack_require__.bind(__webpack_require__, 235));
    const What = (0,_http_wording_js__WEBPACK_IMPORTED_MODULE_2__/* .capitalise */ .sK)(ctx.what);
    if (e instanceof oauth.ResponseBodyError) {
        return errorResponseToError(e.error, e.error_description, e.status, ctx);
    }
    if (e instanceof oauth.WWWAuthenticateChallengeError) {
        // The challenge often carries only a realm; the JSON body (left unread) names the error.
        const body = await e.response.json().catch(() => undefined);
        const params = e.cause[0]?.parameters;
        const code = typeof body?.error === 'string' ? body.error : (params?.error ?? 'invalid_client');
        const description = typeof body?.error === 'string' ? body.error_description : params?.error_description;
        return errorResponseToError(code, description, e.status, ctx);
    }
    if (e instanceof oauth.UnsupportedOperationError) {
        const body = e.cause?.body;
        if (body && 'token_type' in body) {
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('protocol', `${What} issued a token of type "${serverText(body.token_type, 40)}", which tokenrelay cannot use (expected Bearer).`);
        }
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('protocol', `${What}: ${serverText(e.message)}.`);
    }
    if (e instanceof oauth.OperationProcessingError)
        return processingError(oauth, e, ctx);
    const text = e instanceof Error ? e.message : String(e);
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('unexpected', `Unexpected error talking to ${ctx.what}: ${serverText(text)}`, undefined, {
        cause: e,
    });
}
function processingError(oauth, e, ctx) {
    const What = (0,_http_wording_js__WEBPACK_IMPORTED_MODULE_2__/* .capitalise */ .sK)(ctx.what);
    const res = e.cause instanceof Response ? e.cause : undefined;
    switch (e.code) {
        case oauth.RESPONSE_IS_NOT_JSON:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('protocol', `Expected JSON from ${ctx.what}, got ${describeContentType(res)}${res ? ` (HTTP ${res.status})` : ''}.`, 'Check that the URL points at the endpoint itself.');
        case oauth.PARSE_ERROR:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('protocol', `${What} returned JSON that could not be parsed.`);
        case oauth.RESPONSE_IS_NOT_CONFORM:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('protocol', `${What} answered with an unexpected HTTP status${res ? ` ${res.status}` : ''}.`, 'Check that the URL points at the endpoint itself.');
        case oauth.MISSING_SERVER_METADATA:
        case oauth.INVALID_SERVER_METADATA:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('protocol', `The server metadata has no usable ${attribute(e) ?? 'endpoint'} for ${ctx.what}.`, 'Set the endpoint explicitly (for the token endpoint: --token-endpoint).');
        case oauth.HTTP_REQUEST_FORBIDDEN:
        case oauth.REQUEST_PROTOCOL_FORBIDDEN:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('usage', `Refusing to call ${ctx.what} over a non-https URL.`, 'Use https://.');
        default:
            return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenRelayError */ .F7('protocol', `${What} returned an invalid response: ${serverText(e.message.replace(/"response" body /g, '').replace(/ property/g, ''))}.`);
    }
}
function attribute(e) {
    const a = e.cause?.attribute;
    return typeof a === 'string' ? a : undefined;
}
function targets(ctx) {
    const list = [...(ctx.resource ?? []), ...(ctx.audience ? [ctx.audience] : [])];
    return list.length ? ` (${serverText(list.join(', '), 160)})` : '';
}
/** "text/html", "no content type", "an empty body": the words for what came instead of JSON. */
function describeContentType(res) {
    const type = res?.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    return type ? serverText(type, 60) : 'a response with no content type';
}
/** Ends server text with a full stop, so the hint that follows reads as its own sentence. */
function sentence(text) {
    return /[.!?\u2026]$/.test(text) ? text : `${text}.`;
}


/***/ }),

/***/ 701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* unused harmony exports tokenEndpointOf, serverFromTokenEndpoint */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(293);
/* harmony import */ var _http_url_policy_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(417);


/** The token endpoint, or a message that says how to supply one. */
function tokenEndpointOf(server) {
    if (typeof server.token_endpoint === 'string' && server.token_endpoint)
        return server.token_endpoint;
    throw protocolError(`The server metadata of ${server.issuer} does not name a token endpoint.`, 'Set --token-endpoint (TOKENRELAY_TOKEN_ENDPOINT).');
}
/**
 * The metadata to use when the token endpoint is configured directly (no discovery request).
 * `issuer` matters only as the audience of private_key_jwt assertions; without one, the token
 * endpoint URL stands in, which RFC 7523 \u00a73 also accepts. Both are used exactly as given.
 */
function serverFromTokenEndpoint(tokenEndpoint, issuer, revocationEndpoint) {
    assertSendableUrl(tokenEndpoint, 'the token endpoint');
    if (issuer)
        assertSendableUrl(issuer, 'the issuer');
    if (revocationEndpoint)
        assertSendableUrl(revocationEndpoint, 'the revocation endpoint');
    return {
        issuer: issuer || tokenEndpoint,
        token_endpoint: tokenEndpoint,
        ...(revocationEndpoint ? { revocation_endpoint: revocationEndpoint } : {}),
    };
}


/***/ }),

/***/ 901:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zF: () => (/* binding */ clientAuthFromSettings),
  wL: () => (/* binding */ transportOptions)
});

// UNUSED EXPORTS: authorizationServer, discoveryNames

// EXTERNAL MODULE: ./.tmp/lib-chunked/core/settings.js + 1 modules
var settings = __webpack_require__(308);
// EXTERNAL MODULE: ./.tmp/lib-chunked/core/errors.js
var errors = __webpack_require__(293);
// EXTERNAL MODULE: ./.tmp/lib-chunked/core/secrets.js + 1 modules
var secrets = __webpack_require__(735);
// EXTERNAL MODULE: ./.tmp/lib-chunked/core/settings-table.js + 2 modules
var settings_table = __webpack_require__(685);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/oauth/client-auth.js



/**
 * Chooses and builds the client authentication. With no method configured: a secret means
 * client_secret_basic (RFC 6749 \u00a72.3.1 says servers must support it), a key means
 * private_key_jwt. The secret itself was registered where it entered (face, store, registration);
 * its wire forms are registered here, before any request exists.
 */
function clientAuthentication(opts) {
    const { clientId, clientSecret, privateKey } = opts;
    if (!clientId) {
        throw (0,errors/* usageError */.Wp)('No client id is configured.', 'Set TOKENRELAY_CLIENT_ID or --client-id.');
    }
    const method = chooseMethod(opts.method, clientSecret !== undefined && clientSecret !== '', privateKey !== undefined);
    const client = { client_id: clientId };
    if (method === 'private_key_jwt') {
        return { method, client, auth: privateKeyJwt(privateKey) };
    }
    const secret = clientSecret;
    if (method === 'client_secret_post') {
        return { method, client, auth: clientSecretPost(secret) };
    }
    const credentials = basicCredentials(clientId, secret);
    (0,secrets/* registerSecret */.cl)(formUrlEncode(secret));
    (0,secrets/* registerSecret */.cl)(credentials);
    (0,secrets/* registerSecret */.cl)(`Basic ${credentials}`);
    return { method, client, auth: clientSecretBasic(credentials) };
}
/*
 * The two secret methods are written out rather than taken from oauth4webapi, so that the
 * client-credentials path does not load the library at all (see access-token-response.ts).
 * They do exactly what oauth4webapi's ClientSecretPost / ClientSecretBasic do.
 */
function clientSecretPost(secret) {
    return (_as, client, body) => {
        body.set('client_id', client.client_id);
        body.set('client_secret', secret);
    };
}
/** A public client, named by client_id alone: oauth4webapi's None(). */
function noClientAuth() {
    return (_as, client, body) => {
        body.set('client_id', client.client_id);
    };
}
function clientSecretBasic(credentials) {
    return (_as, _client, _body, headers) => {
        headers.set('authorization', `Basic ${credentials}`);
    };
}
function chooseMethod(configured, hasSecret, hasKey) {
    const method = configured?.trim().toLowerCase() || undefined;
    if (method !== undefined && !settings_table/* CLIENT_AUTH_METHODS */.wJ.includes(method)) {
        throw (0,errors/* usageError */.Wp)(`Unknown client authentication method "${configured.slice(0, 40)}".`, `Use one of: ${settings_table/* CLIENT_AUTH_METHODS */.wJ.join(', ')}.`);
    }
    if (method === 'private_key_jwt' || (method === undefined && hasKey && !hasSecret)) {
        if (!hasKey) {
            throw (0,errors/* usageError */.Wp)('private_key_jwt needs a private key, and none is configured.', 'Set TOKENRELAY_PRIVATE_KEY.');
        }
        return 'private_key_jwt';
    }
    if (method === undefined && hasKey && hasSecret) {
        throw (0,errors/* usageError */.Wp)('Both a client secret and a private key are configured, so it is unclear which to authenticate with.', 'Remove one, or choose with --client-auth client_secret_basic | client_secret_post | private_key_jwt.');
    }
    if (!hasSecret) {
        throw (0,errors/* usageError */.Wp)('No client secret or private key is configured for the client credentials grant.', 'Set TOKENRELAY_CLIENT_SECRET (or TOKENRELAY_PRIVATE_KEY for private_key_jwt).');
    }
    return method ?? 'client_secret_basic';
}
/** oauth4webapi's PrivateKeyJwt, loaded when the first assertion is signed. */
function privateKeyJwt(key) {
    const input = key.kid ? { key: key.key, kid: key.kid } : { key: key.key };
    let auth;
    return async (as, client, body, headers) => {
        if (!auth) {
            const oauth = await __webpack_require__.e(/* import() */ 235).then(__webpack_require__.bind(__webpack_require__, 235));
            auth = oauth.PrivateKeyJwt(input, {
                // oauth4webapi names Ed25519 keys "Ed25519" (RFC 9864); servers widely accept only "EdDSA".
                // A JWK's own alg (e.g. PS256 on an RSA key) must win over what the key type implies.
                [oauth.modifyAssertion]: (header) => {
                    header.alg = key.alg;
                },
            });
        }
        await auth(as, client, body, headers);
    };
}
/**
 * The Basic credentials exactly as oauth4webapi's ClientSecretBasic builds them: RFC 6749
 * \u00a72.3.1 form-encodes id and secret before base64, so `:` or `%` in a secret survive.
 */
function basicCredentials(clientId, clientSecret) {
    return Buffer.from(`${formUrlEncode(clientId)}:${formUrlEncode(clientSecret)}`).toString('base64');
}
/** application/x-www-form-urlencoded as oauth4webapi does it (it escapes -_.!~*'() too). */
function formUrlEncode(value) {
    return encodeURIComponent(value)
        .replace(/[-_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+');
}

// EXTERNAL MODULE: ./.tmp/lib-chunked/oauth/token-endpoint.js
var token_endpoint = __webpack_require__(701);
;// CONCATENATED MODULE: ./.tmp/lib-chunked/sources/configured-client.js



/** The transport settings every request of one command shares. */
function transportOptions(settings, debug) {
    return {
        timeoutMs: settings.timeoutSeconds * 1000,
        retries: settings.retries,
        retryBudgetSeconds: settings.retryBudgetSeconds,
        ...(debug ? { debug } : {}),
    };
}
/**
 * The authorization server: the configured token endpoint as is (one request per exchange),
 * else discovered from the issuer (two requests). A configured revocation endpoint wins over
 * the metadata's, which many servers (Django OAuth Toolkit among them) leave out.
 */
async function authorizationServer(settings, transport) {
    const { tokenEndpoint, issuer, revocationEndpoint } = settings;
    if (tokenEndpoint)
        return serverFromTokenEndpoint(tokenEndpoint, issuer, revocationEndpoint);
    const { discover } = await __webpack_require__.e(/* import() */ 895).then(__webpack_require__.bind(__webpack_require__, 895));
    const server = await discover(issuer, transport, discoveryNames(settings));
    return revocationEndpoint ? { ...server, revocation_endpoint: revocationEndpoint } : server;
}
/** The issuer and token endpoint settings, named the way this user gives settings. */
function discoveryNames(settings) {
    return { issuer: settingName(settings, 'issuer'), tokenEndpoint: settingName(settings, 'tokenEndpoint') };
}
/** The client's authentication from the settings; a bad key fails here, before any request. */
async function clientAuthFromSettings(settings, keySource = 'TOKENRELAY_PRIVATE_KEY') {
    if (settings.grant === 'jwt-bearer')
        return assertionGrantClient(settings, keySource);
    const privateKey = settings.privateKey ? await loadKey(settings.privateKey, keySource) : undefined;
    return clientAuthentication({
        clientId: settings.clientId,
        method: settings.clientAuth,
        clientSecret: settings.clientSecret,
        privateKey,
    });
}
/**
 * The client of `--grant jwt-bearer`, for the grant and for revoking what it got. The key
 * signs the assertion, which is the grant (RFC 7523 \u00a72.1), so the client authenticates
 * only when told to (a secret, or --client-auth); otherwise it is named by client_id alone,
 * as Salesforce and Google expect.
 */
async function assertionGrantClient(settings, keySource) {
    const clientId = settings.clientId;
    if (!settings.clientSecret && !settings.clientAuth) {
        return { method: 'none', client: { client_id: clientId }, auth: noClientAuth() };
    }
    const keyAuth = settings.clientAuth === 'private_key_jwt' && settings.privateKey;
    return clientAuthentication({
        clientId,
        method: settings.clientAuth,
        clientSecret: settings.clientSecret,
        privateKey: keyAuth ? await loadKey(settings.privateKey, keySource) : undefined,
    });
}
/** Loaded only with a key: it needs node:crypto, ~6 ms of start-up a client secret does not. */
async function loadKey(key, source) {
    const { loadPrivateKey } = await __webpack_require__.e(/* import() */ 415).then(__webpack_require__.bind(__webpack_require__, 415));
    return loadPrivateKey(key, { source });
}


/***/ })

};
