export const id = 237;
export const ids = [237];
export const modules = {

/***/ 618:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  discover: () => (/* binding */ discover)
});

// UNUSED EXPORTS: serverFromTokenEndpoint

// EXTERNAL MODULE: ./.tmp/lib-post/core/errors.js
var errors = __webpack_require__(767);
// EXTERNAL MODULE: ./.tmp/lib-post/http/fetch.js + 5 modules
var http_fetch = __webpack_require__(781);
// EXTERNAL MODULE: ./.tmp/lib-post/http/retry.js + 3 modules
var retry = __webpack_require__(770);
// EXTERNAL MODULE: ./.tmp/lib-post/http/url-policy.js + 1 modules
var url_policy = __webpack_require__(153);
// EXTERNAL MODULE: ./.tmp/lib-post/http/wording.js
var wording = __webpack_require__(737);
;// CONCATENATED MODULE: ./.tmp/lib-post/http/follow-redirects.js





const MAX_REDIRECTS = 3;
/**
 * A GET that carries no credentials, so a redirect can be followed \u2014 Django's APPEND_SLASH
 * sends discovery to `\u2026/openid-configuration/` this way. Only same-origin hops are taken (a
 * different host, port or scheme could be anyone, and https -> http would drop TLS), at most
 * three. Requests with credentials never come here: withRetries refuses their redirects.
 */
async function getFollowingRedirects(start, transport, policy) {
    const fetch = (0,http_fetch/* createFetch */.H)(transport, policy);
    const followable = { ...policy, redirects: 'return' };
    const asked = [];
    let url = start;
    for (let hop = 0;; hop++) {
        asked.push(printable(url));
        const response = await (0,retry/* withRetries */.L)(() => fetch(url.href, { method: 'GET', headers: { accept: 'application/json' } }), transport, followable);
        if (response.status < 300 || response.status >= 400)
            return { response, asked };
        await response.body?.cancel();
        const next = nextUrl(response, url, policy.what);
        if (hop + 1 > MAX_REDIRECTS) {
            throw (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(policy.what)} redirected more than ${MAX_REDIRECTS} times (${asked.join(' -> ')}).`, 'Configure the final URL.');
        }
        url = next;
    }
}
/** Where a redirect may lead: same origin only, never off https. Exported for its unit test. */
function nextUrl(response, from, what) {
    const location = response.headers.get('location');
    let next;
    try {
        if (!location)
            throw new Error('no location');
        next = new URL(location, from);
    }
    catch {
        throw (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(what)} redirected (HTTP ${response.status}) without a usable Location.`, 'Configure the final URL.');
    }
    if (from.protocol === 'https:' && next.protocol !== 'https:') {
        throw (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(what)} redirected (HTTP ${response.status}) from https to ${next.protocol}//${next.host}; tokenrelay never leaves https.`, 'Configure the final https:// URL.');
    }
    if (next.origin !== from.origin) {
        throw (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(what)} redirected (HTTP ${response.status}) to another origin (${next.host}); tokenrelay follows only same-origin redirects.`, 'Configure the final URL, if that server is the one you mean.');
    }
    return (0,url_policy/* assertSendableUrl */.W)(next.href, what);
}
/** Origin and path: a query is never printed. */
function printable(url) {
    return `${url.origin}${url.pathname}`;
}

// EXTERNAL MODULE: ./.tmp/lib-post/oauth/oauth-errors.js
var oauth_errors = __webpack_require__(827);
// EXTERNAL MODULE: ./.tmp/lib-post/oauth/token-endpoint.js
var token_endpoint = __webpack_require__(895);
;// CONCATENATED MODULE: ./.tmp/lib-post/oauth/discovery.js






const WHAT = "the issuer's discovery document";
/**
 * Authorization server metadata for `issuer`: OpenID Connect Discovery
 * (`<issuer>/.well-known/openid-configuration`) first, then RFC 8414
 * (`<origin>/.well-known/oauth-authorization-server<path>`), then \u2014 for an issuer with a path \u2014
 * the RFC 8414 name appended to the issuer (`<issuer>/.well-known/oauth-authorization-server`),
 * where frameworks that mount the server under a path serve it.
 * The document must name the configured issuer (RFC 8414 \u00a73.3) \u2014 anything else could be a
 * mix-up with another server \u2014 except for a trailing slash, which servers and their users
 * disagree on (Auth0's issuers end in one, Django's do not): then the document's spelling is used.
 */
async function discover(issuer, transport, names = {}) {
    const url = (0,url_policy/* assertSendableUrl */.W)(issuer, 'the issuer');
    const policy = { what: WHAT, retryable: true };
    const tried = [];
    try {
        for (const candidate of wellKnownUrls(url)) {
            const { response, asked } = await getFollowingRedirects(candidate, transport, policy);
            if (response.status >= 400 && response.status < 500) {
                await response.body?.cancel();
                tried.push(`${printable(candidate)} (HTTP ${response.status}${via(asked)})`);
                continue;
            }
            return await readDocument(response, asked.at(-1), issuer, names);
        }
    }
    catch (e) {
        throw await (0,oauth_errors/* mapOAuthError */.CH)(e, { what: WHAT });
    }
    throw (0,errors/* protocolError */.JW)(`No discovery document for the issuer ${issuer}. Tried ${tried.join('; ')}.`, `Check ${names.issuer ?? 'the issuer URL'}, or set ${names.tokenEndpoint ?? '--token-endpoint'} to skip discovery.`);
}
/**
 * The places metadata lives, built the way each specification builds them, then the appended
 * form servers use in practice; at a bare origin the last two are one URL, asked once.
 */
function wellKnownUrls(issuer) {
    const path = issuer.pathname.replace(/\/+$/, '');
    const at = (pathname) => {
        const url = new URL(issuer.href);
        url.pathname = pathname;
        return url;
    };
    const urls = [
        at(`${path}/.well-known/openid-configuration`),
        at(`/.well-known/oauth-authorization-server${path}`),
    ];
    if (path)
        urls.push(at(`${path}/.well-known/oauth-authorization-server`));
    return urls;
}
const via = (asked) => (asked.length > 1 ? ` at ${asked.at(-1)}` : '');
async function readDocument(res, at, configured, names) {
    const hint = `Check ${names.issuer ?? 'the issuer URL'}, or set ${names.tokenEndpoint ?? '--token-endpoint'} to skip discovery.`;
    if (res.status !== 200) {
        await res.body?.cancel();
        throw (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(WHAT)} (${at}) answered HTTP ${res.status}.`, hint);
    }
    const text = await res.text();
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw (0,errors/* protocolError */.JW)(`Expected JSON from ${WHAT} (${at}), got ${(0,oauth_errors/* describeContentType */.B_)(res)} (HTTP ${res.status}).`, hint);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(WHAT)} (${at}) is not a JSON object.`);
    }
    const found = json.issuer;
    if (typeof found !== 'string' || !found) {
        throw (0,errors/* protocolError */.JW)(`${(0,wording/* capitalise */.sK)(WHAT)} (${at}) does not name its issuer.`);
    }
    if (!sameIssuer(found, configured)) {
        throw (0,errors/* protocolError */.JW)(`The issuer in the discovery document (${(0,oauth_errors/* serverText */.Tn)(found, 120)}) is not the configured issuer (${configured}).`, 'Configure the issuer exactly as the server names itself, if that server is the one you mean.');
    }
    // The document's own spelling from here on: it is what tokens and responses will carry.
    return { ...json, issuer: found };
}
/**
 * Exact comparison of parsed URLs (so only a bare host gains a "/", as in oauth4webapi),
 * forgiving a trailing slash and nothing else.
 */
function sameIssuer(found, configured) {
    const a = parsed(found);
    const b = parsed(configured);
    return a === b || a.replace(/\/$/, '') === b.replace(/\/$/, '');
}
function parsed(value) {
    try {
        return new URL(value).href;
    }
    catch {
        return value;
    }
}


/***/ })

};
