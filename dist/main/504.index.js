export const id = 504;
export const ids = [504,962];
export const modules = {

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

/***/ 5962:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadPrivateKey: () => (/* binding */ loadPrivateKey)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2956);
/* harmony import */ var _core_secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9754);



const SIGNING_ALGS = new Set([
    'RS256',
    'RS384',
    'RS512',
    'PS256',
    'PS384',
    'PS512',
    'ES256',
    'ES384',
    'ES512',
    'EdDSA',
]);
const CURVE_ALGS = {
    'P-256': 'ES256',
    'P-384': 'ES384',
    'P-521': 'ES512',
    prime256v1: 'ES256',
    secp384r1: 'ES384',
    secp521r1: 'ES512',
};
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
const WHAT_TO_PROVIDE = 'Provide an unencrypted PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) or a private JWK (JSON with "d") for an RSA, EC P-256/P-384 or Ed25519 key.';
/**
 * Loads the private_key_jwt signing key. Every failure is a usage error raised before any
 * request exists: a key that cannot sign is a configuration mistake, not a server problem.
 * Messages name the key's type, never its bytes.
 */
async function loadPrivateKey(text, opts = {}) {
    (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .registerSecret */ .cl)(text);
    const source = opts.source ?? 'TOKENRELAY_PRIVATE_KEY';
    // CI secret stores often keep a PEM as one line with literal "\n" escapes.
    // Registered again once unescaped, so each line of the key is masked on its own too.
    const value = (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .registerSecret */ .cl)((/\\n/.test(text) && !/\n/.test(text) ? text.replace(/\\n/g, '\n') : text).trim());
    if (value.startsWith('{') || value.startsWith('['))
        return loadJwk(value, source, opts.keyId);
    if (value.includes('-----BEGIN'))
        return loadPem(value, source, opts.keyId);
    throw keyError(`${source} is not a private key.`);
}
async function loadJwk(text, source, keyId) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw keyError(`${source} looks like JSON but is not valid JSON, so it is not a usable JWK.`);
    }
    const jwk = singleKey(parsed, source);
    for (const member of PRIVATE_JWK_MEMBERS) {
        if (typeof jwk[member] === 'string')
            (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .registerSecret */ .cl)(jwk[member]);
    }
    const kty = typeof jwk.kty === 'string' ? jwk.kty : undefined;
    if (kty === 'oct') {
        throw keyError(`${source} is a symmetric (oct) JWK; private_key_jwt needs an asymmetric private key.`);
    }
    if (typeof jwk.d !== 'string')
        throw keyError(`${source} is a public JWK (it has no "d").`);
    const alg = typeof jwk.alg === 'string' && jwk.alg ? jwk.alg : jwkAlg(kty, jwk.crv, source);
    if (!SIGNING_ALGS.has(alg))
        throw keyError(`${source} declares "alg": "${safe(alg)}", which cannot sign JWTs.`);
    const { importJWK } = await Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(325)]).then(__webpack_require__.bind(__webpack_require__, 3325));
    let key;
    try {
        key = await importJWK(jwk, alg, { extractable: false });
    }
    catch (e) {
        throw keyError(`${source} could not be imported as a ${safe(kty ?? 'JWK')} key for ${alg}: ${reason(e)}.`);
    }
    if (key instanceof Uint8Array)
        throw keyError(`${source} is a symmetric key.`);
    const kid = keyId ?? (typeof jwk.kid === 'string' ? jwk.kid : undefined);
    return kid ? { key, alg, kid } : { key, alg };
}
function singleKey(parsed, source) {
    if (parsed && typeof parsed === 'object' && Array.isArray(parsed.keys)) {
        const keys = parsed.keys.filter((k) => !!k && typeof k === 'object' && 'd' in k);
        if (keys.length === 1)
            return keys[0];
        throw keyError(`${source} is a JWK set with ${keys.length} private keys; provide exactly one key.`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw keyError(`${source} is JSON but not a JWK object.`);
    }
    return parsed;
}
function jwkAlg(kty, crv, source) {
    if (kty === 'RSA')
        return 'RS256';
    if (kty === 'EC' && typeof crv === 'string' && CURVE_ALGS[crv])
        return CURVE_ALGS[crv];
    if (kty === 'OKP' && crv === 'Ed25519')
        return 'EdDSA';
    const what = [kty, typeof crv === 'string' ? crv : undefined].filter(Boolean).join(' ') || 'unknown type';
    throw keyError(`${source} is a JWK of a type that cannot sign private_key_jwt assertions (${safe(what)}).`);
}
async function loadPem(text, source, keyId) {
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1] ?? '';
    if (/PUBLIC KEY|CERTIFICATE/.test(label)) {
        throw keyError(`${source} is a ${label.toLowerCase()}, not a private key.`);
    }
    if (label.includes('ENCRYPTED')) {
        throw keyError(`${source} is an encrypted private key; tokenrelay cannot ask for its passphrase.`, 'Decrypt it first: openssl pkcs8 -topk8 -nocrypt -in key.pem');
    }
    let keyObject;
    try {
        keyObject = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPrivateKey)({ key: text, format: 'pem' });
    }
    catch {
        throw keyError(`${source} has a PEM header but is not a readable private key.`);
    }
    const alg = pemAlg(keyObject, source);
    // PKCS#1 ("RSA PRIVATE KEY") and SEC1 ("EC PRIVATE KEY") are re-wrapped as PKCS#8, the
    // one form WebCrypto imports; users paste whatever openssl gave them.
    const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'pem' }).toString();
    (0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .registerSecret */ .cl)(pkcs8);
    const { importPKCS8 } = await Promise.all(/* import() */[__webpack_require__.e(167), __webpack_require__.e(325)]).then(__webpack_require__.bind(__webpack_require__, 3325));
    let key;
    try {
        key = await importPKCS8(pkcs8, alg, { extractable: false });
    }
    catch (e) {
        throw keyError(`${source} could not be imported for ${alg}: ${reason(e)}.`);
    }
    return keyId ? { key, alg, kid: keyId } : { key, alg };
}
function pemAlg(keyObject, source) {
    const type = keyObject.asymmetricKeyType;
    if (type === 'rsa')
        return 'RS256';
    if (type === 'ed25519')
        return 'EdDSA';
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    if (type === 'ec' && curve && CURVE_ALGS[curve])
        return CURVE_ALGS[curve];
    const what = [type === 'rsa-pss' ? 'RSA-PSS' : type?.toUpperCase(), curve].filter(Boolean).join(' ');
    throw keyError(`${source} is a ${what || 'private'} key, which cannot sign private_key_jwt assertions.`);
}
function keyError(message, hint = WHAT_TO_PROVIDE) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TokenRelayError */ .F7('usage', message, hint);
}
/** Library messages about a key never contain key material, but keep them short and plain. */
function reason(e) {
    const text = e instanceof Error ? e.message : String(e);
    return safe((0,_core_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .scrub */ ._I)(text).replace(/\.$/, ''));
}
function safe(text) {
    return text.replace(/[^\x20-\x7e]/g, '').slice(0, 80);
}


/***/ }),

/***/ 9504:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mintJwtBearer: () => (/* binding */ mintJwtBearer)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2956);
/* harmony import */ var _oauth_jwt_bearer_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9602);
/* harmony import */ var _oauth_private_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5962);
/* harmony import */ var _oauth_token_endpoint_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5234);
/* harmony import */ var _configured_client_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6914);
/* harmony import */ var _minted_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1985);






/**
 * `--grant jwt-bearer`: the client-credentials source trading an assertion it signs with the
 * configured key (RFC 7523 \u00a72.1) instead of running client_credentials. Loaded only when it runs.
 */
async function mintJwtBearer(ctx, extras) {
    const { settings } = ctx;
    if (!settings.privateKey) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)('grant jwt-bearer signs its assertion with a private key, and none is configured.', 'Set TOKENRELAY_PRIVATE_KEY (--private-key-file, or the private-key input): a PKCS#8 PEM or a private JWK.');
    }
    // Key and client first: a bad key is exit 2 with nothing sent.
    const key = await (0,_oauth_private_key_js__WEBPACK_IMPORTED_MODULE_2__.loadPrivateKey)(settings.privateKey);
    const { client, auth } = await (0,_configured_client_js__WEBPACK_IMPORTED_MODULE_4__/* .clientAuthFromSettings */ .zF)(settings);
    const transport = (0,_configured_client_js__WEBPACK_IMPORTED_MODULE_4__/* .transportOptions */ .wL)(settings, ctx.debug);
    const server = await (0,_configured_client_js__WEBPACK_IMPORTED_MODULE_4__/* .authorizationServer */ .PZ)(settings, transport);
    const issuer = settings.assertionIssuer ?? settings.clientId;
    // RFC 7523 \u00a73 names the token endpoint; Salesforce wants its login host, DocuSign its bare one.
    const audience = settings.assertionAudience ?? (0,_oauth_token_endpoint_js__WEBPACK_IMPORTED_MODULE_3__/* .tokenEndpointOf */ .w)(server);
    const token = await (0,_minted_js__WEBPACK_IMPORTED_MODULE_5__/* .minting */ .js)('client-credentials', server, () => (0,_oauth_jwt_bearer_js__WEBPACK_IMPORTED_MODULE_1__/* .jwtBearer */ .ZL)({
        server,
        client,
        clientAuth: auth,
        ...(0,_minted_js__WEBPACK_IMPORTED_MODULE_5__/* .requestedFor */ .A8)(settings, extras.extraParams),
        transport,
        assertion: () => (0,_oauth_jwt_bearer_js__WEBPACK_IMPORTED_MODULE_1__/* .signAssertion */ .au)({
            key,
            issuer,
            subject: settings.assertionSubject ?? issuer,
            audience,
            ...(settings.scope?.trim() ? { scope: settings.scope.trim().split(/\s+/).join(' ') } : {}),
        }),
    }));
    return {
        ...token,
        source: 'client-credentials',
        sourceLabel: `JWT bearer assertion (${issuer})`,
        method: 'client-credentials',
        ...(0,_minted_js__WEBPACK_IMPORTED_MODULE_5__/* .mintedAt */ .Dt)(ctx, server),
    };
}


/***/ })

};
