export const id = 426;
export const ids = [426];
export const modules = {

/***/ 3426:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  failAfterMinting: () => (/* binding */ failAfterMinting)
});

// UNUSED EXPORTS: revokeMinted, validUntil, wasMinted

// EXTERNAL MODULE: ./.tmp/lib-main/core/errors.js
var errors = __webpack_require__(2956);
// EXTERNAL MODULE: ./.tmp/lib-main/core/settings.js
var core_settings = __webpack_require__(8790);
// EXTERNAL MODULE: ./.tmp/lib-main/http/fetch.js + 5 modules
var fetch = __webpack_require__(5153);
// EXTERNAL MODULE: ./.tmp/lib-main/http/retry.js + 3 modules
var retry = __webpack_require__(2537);
// EXTERNAL MODULE: ./.tmp/lib-main/http/to-response.js
var to_response = __webpack_require__(7775);
// EXTERNAL MODULE: ./.tmp/lib-main/http/url-policy.js + 1 modules
var url_policy = __webpack_require__(596);
// EXTERNAL MODULE: ./.tmp/lib-main/oauth/form-post.js
var form_post = __webpack_require__(2856);
// EXTERNAL MODULE: ./.tmp/lib-main/oauth/oauth-errors.js
var oauth_errors = __webpack_require__(7298);
;// CONCATENATED MODULE: ./.tmp/lib-main/oauth/revoke.js






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
    let authenticated = false;
    try {
        (0,url_policy/* assertSendableUrl */.W)(url, what);
        const send = (0,fetch/* createSend */.R)(transport, policy);
        const answer = await (0,retry/* withRetries */.L)(async () => {
            // As oauth4webapi's revocationRequest sends it: the hint first, then the token.
            const params = new URLSearchParams(opts.tokenTypeHint ? { token_type_hint: opts.tokenTypeHint } : {});
            params.set('token', token);
            const post = await (0,form_post/* formPost */.R)(server, client, opts.clientAuth, params, { accept: false });
            authenticated =
                'authorization' in post.headers ||
                    post.body.has('client_secret') ||
                    post.body.has('client_assertion');
            return send(url, post);
        }, transport, policy);
        // RFC 7009 \u00a72.2: 200 is success, whatever the body. Anything else goes to oauth4webapi,
        // which reads the error out of it, and loads WHATWG Response only on that path.
        if (answer.status !== 200) {
            const refusal = knownRefusal(answer, authenticated, opts.expiresAt);
            if (refusal)
                return { ok: false, message: refusal };
            const lib = await __webpack_require__.e(/* import() */ 235).then(__webpack_require__.bind(__webpack_require__, 5235));
            await lib.processRevocationResponse((0,to_response/* toResponse */.Z)(answer, 'POST'));
        }
        return { ok: true, message: 'Token revoked.' };
    }
    catch (e) {
        const err = await (0,oauth_errors/* mapOAuthError */.CH)(e, { what });
        return { ok: false, message: `Could not revoke the token: ${err.describe()}` };
    }
}
/**
 * Refusals that say nothing is wrong with the client's settings, in words of what they mean:
 * a server that cannot revoke this kind of token (RFC 7009 \u00a72.2.1: self-contained JWT access
 * tokens, commonly), and one that revokes only for authenticated clients, which a public
 * client (the CLI's login) is not.
 */
function knownRefusal(answer, authenticated, expiresAt) {
    const until = expiresAt ? `until ${expiresAt.toISOString()}` : 'until it expires';
    const code = errorCode(answer);
    if (code === 'unsupported_token_type') {
        return `The server cannot revoke this kind of token (unsupported_token_type; servers that issue self-contained JWT access tokens often cannot), so it stays valid ${until}.`;
    }
    if (answer.status === 401 && !authenticated) {
        return `The revocation endpoint refused a public client (HTTP 401${code ? `, ${code}` : ''}): this server revokes only for clients that authenticate, so the token stays valid ${until}.`;
    }
    return undefined;
}
function errorCode(answer) {
    try {
        const body = JSON.parse(answer.body.toString('utf8'));
        const error = body?.error;
        return typeof error === 'string' ? error.replace(/[^\w.:-]/g, '').slice(0, 64) : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./.tmp/lib-main/sources/configured-client.js + 1 modules
var configured_client = __webpack_require__(6914);
;// CONCATENATED MODULE: ./.tmp/lib-main/app/revoke-minted.js




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
            ? await (await Promise.all(/* import() */[__webpack_require__.e(235), __webpack_require__.e(581)]).then(__webpack_require__.bind(__webpack_require__, 9581))).federationRevocationClient(settings, env, transport)
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
            ...(token.expiresAt ? { expiresAt: token.expiresAt } : {}),
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
    const failure = (0,errors/* toTokenRelayError */.o7)(error);
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
    // Its own sentence after the failure and what to do about it, not run on into them.
    const detail = failure.detail ? `${failure.detail} ${note}` : note;
    return new errors/* TokenRelayError */.F7(failure.kind, failure.message, failure.hint, { cause: failure, detail });
}


/***/ })

};
