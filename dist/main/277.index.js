export const id = 277;
export const ids = [277];
export const modules = {

/***/ 8277:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  validateResolved: () => (/* binding */ validateResolved)
});

// UNUSED EXPORTS: validateWithSettings

// EXTERNAL MODULE: ./.tmp/lib-main/core/errors.js
var errors = __webpack_require__(2956);
// EXTERNAL MODULE: ./.tmp/lib-main/core/settings.js
var core_settings = __webpack_require__(8790);
// EXTERNAL MODULE: ./.tmp/lib-main/core/secrets.js + 1 modules
var secrets = __webpack_require__(9754);
// EXTERNAL MODULE: ./.tmp/lib-main/http/fetch.js + 5 modules
var http_fetch = __webpack_require__(5153);
// EXTERNAL MODULE: ./.tmp/lib-main/http/json-body.js
var json_body = __webpack_require__(529);
// EXTERNAL MODULE: ./.tmp/lib-main/http/retry.js + 3 modules
var retry = __webpack_require__(2537);
// EXTERNAL MODULE: ./.tmp/lib-main/http/url-policy.js + 1 modules
var url_policy = __webpack_require__(596);
;// CONCATENATED MODULE: ./.tmp/lib-main/identity/profile-shape.js

const NAME_KEYS = ['name', 'full_name', 'fullName', 'display_name', 'displayName'];
const LOGIN_KEYS = ['login', 'username', 'preferred_username', 'handle'];
const SUBJECT_KEYS = ['sub', 'id', 'user_id', 'userId', 'uuid'];
const TENANT_KEYS = ['tenants', 'organizations', 'orgs', 'tenant'];
const WORKSPACE_KEYS = ['workspaces', 'workspace'];
const ENTRY_KEYS = ['slug', 'id', 'name', 'key'];
/**
 * Reads who a token belongs to from the shapes profile endpoints commonly use: flat
 * (`{login, tenants: ["a"]}`), wrapped (`{data: {\u2026}}`, `{user: {\u2026}}`, `{data: {user: {\u2026}}}`),
 * tenants as names or as objects (`[{id, slug, name}]`). Every value is server text: it is
 * flattened to one line and bounded before it can reach a log.
 */
function parseProfile(body) {
    const layers = candidates(body);
    const pick = (keys) => firstString(layers, keys);
    const identity = {};
    const name = pick(NAME_KEYS);
    const email = pick(['email']);
    const login = pick(LOGIN_KEYS);
    const subject = pick(SUBJECT_KEYS);
    if (name)
        identity.name = name;
    if (email)
        identity.email = email;
    if (login)
        identity.login = login;
    if (subject)
        identity.subject = subject;
    const parsed = { identity };
    const tenants = entries(layers, TENANT_KEYS);
    const workspaces = entries(layers, WORKSPACE_KEYS);
    if (tenants) {
        parsed.tenants = tenants;
        identity.tenants = tenants.map((t) => t.label);
    }
    if (workspaces) {
        parsed.workspaces = workspaces;
        identity.workspaces = workspaces.map((w) => w.label);
    }
    return parsed;
}
/** The innermost user-like object first, so `data.user.name` wins over a top-level `name`. */
function candidates(body) {
    const data = asObject(body.data);
    return [asObject(data?.user), asObject(body.user), data, asObject(body.profile), body].filter((o) => o !== undefined);
}
function firstString(layers, keys) {
    for (const layer of layers) {
        for (const key of keys) {
            const value = scalar(layer[key]);
            if (value)
                return value;
        }
    }
    return undefined;
}
function entries(layers, keys) {
    for (const layer of layers) {
        for (const key of keys) {
            const value = layer[key];
            if (value === undefined || value === null)
                continue;
            const list = Array.isArray(value) ? value : [value];
            return list.map(entry).filter((e) => e !== undefined);
        }
    }
    return undefined;
}
function entry(value) {
    const single = scalar(value);
    if (single)
        return { label: single, aliases: [single] };
    const obj = asObject(value);
    if (!obj)
        return undefined;
    const aliases = ENTRY_KEYS.map((k) => scalar(obj[k])).filter((a) => !!a);
    if (aliases.length === 0)
        return undefined;
    const label = scalar(obj.slug) ?? scalar(obj.name) ?? aliases[0];
    return { label, aliases };
}
function scalar(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    if (typeof value !== 'string')
        return undefined;
    const clean = (0,json_body/* bodyExcerpt */.kG)(value, 200);
    return clean || undefined;
}
function asObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}
/** Whether a requested tenant/workspace is one the profile lists, by any of its names. */
function listed(requested, list) {
    return list.some((e) => e.aliases.includes(requested));
}

;// CONCATENATED MODULE: ./.tmp/lib-main/identity/refusal.js


const LOGIN_HINT = "Check that the token is current and meant for this API; create a new one or run 'tokenrelay auth login'.";
/**
 * A 401/403/404/other from the profile endpoint, in words of its likeliest cause: a key sent
 * in the wrong header, a minted token meant for another audience, a machine token at an
 * endpoint that describes users, or just a token the API does not take.
 */
function refusal(answer, at, names, origin) {
    const { status } = answer;
    const said = serverSaid(answer.text);
    if (status === 401 || status === 403) {
        const where = at.header.toLowerCase() === 'authorization' ? '' : ` in the ${at.header} header`;
        const message = `The token${where} was rejected by ${at.api} (HTTP ${status}).${said}`;
        const wanted = at.headerConfigured ? undefined : otherHeader(answer.text, answer.challenge);
        if (wanted !== undefined) {
            const setting = names.tokenHeader ?? '--token-header';
            return new errors/* TokenRelayError */.F7('auth', message, wanted
                ? `${at.api} seems to want the key in another header: set ${setting} to ${wanted}.`
                : `${at.api} seems to want the key in another header than Authorization: Bearer: set ${setting} to the one its documentation names (e.g. X-API-Key).`);
        }
        if (origin.minted && !origin.targeted) {
            return new errors/* TokenRelayError */.F7('auth', message, `The token was just minted, without ${names.audience ?? '--audience'} or ${names.resource ?? '--resource'}: many servers then issue it for no API, or another one. Set one of them to this API's identifier.`);
        }
        return new errors/* TokenRelayError */.F7('auth', message, LOGIN_HINT);
    }
    const profilePath = names.profilePath ?? '--profile-path';
    if (status === 404) {
        const machine = origin.machine
            ? ' A client credentials token stands for no user, and endpoints that describe the current user (userinfo, /me) often have nothing for it.'
            : '';
        return new errors/* TokenRelayError */.F7('protocol', `${at.api} has no profile endpoint at ${at.path} (HTTP 404).${machine}`, `Set ${profilePath} to the path of the API that describes ${origin.machine ? 'the caller (one a machine token can read)' : 'the current user'}, and check ${names.apiUrl ?? '--api-url'}.`);
    }
    return new errors/* TokenRelayError */.F7('protocol', `The profile endpoint of ${at.api} answered HTTP ${status}.${said}`, `Check ${names.apiUrl ?? '--api-url'} and ${profilePath}.`);
}
/** The token itself is refused: with the tenant and, asked again, without it. */
function refusedEverywhere(answer, api, scope, names, origin) {
    const base = refusal(answer, { api, path: '', header: 'Authorization', headerConfigured: true }, names, origin);
    return new errors/* TokenRelayError */.F7('auth', `${api} refused the token for ${scope} (HTTP ${answer.status}), and without them too: the token is the problem, not the ${scope.includes(' and ') ? 'tenant or workspace' : scope.split(' ')[0]}.${serverSaid(answer.text)}`, base.hint);
}
/**
 * A header the API's answer names for the key: an `X-\u2026` or `Api-Key` header in the body or the
 * challenge, or a challenge whose scheme is not Bearer. '' when the answer says "another
 * header" without naming one; undefined when nothing suggests it.
 */
function otherHeader(text, challenge) {
    const named = /\b(X-[A-Za-z0-9-]*(?:Key|Token|Auth[A-Za-z-]*)|Api-?Key|Private-Token)\b/i;
    const inChallenge = challenge
        ? (/header="?([A-Za-z0-9-]+)/i.exec(challenge)?.[1] ?? named.exec(challenge)?.[1])
        : undefined;
    if (inChallenge)
        return inChallenge;
    const inBody = named.exec(text)?.[1];
    if (inBody && /header|missing|required|key/i.test(text))
        return inBody;
    const scheme = challenge?.trim().split(/[\s,]/)[0];
    if (scheme && /^(api-?key|token)$/i.test(scheme)) {
        return /^token$/i.test(scheme) ? 'Authorization: Token' : '';
    }
    if (/api[-_ ]?key/i.test(text) && /header/i.test(text))
        return '';
    return undefined;
}
/** The server's own words, scrubbed and bounded; many APIs say why in `error_description` or `message`. */
function serverSaid(text) {
    let detail = '';
    try {
        const body = JSON.parse(text);
        const value = body.error_description ?? body.message ?? body.error;
        if (typeof value === 'string')
            detail = value;
    }
    catch {
        // Not JSON: an HTML error page says nothing a CI log needs.
    }
    const clean = (0,json_body/* bodyExcerpt */.kG)(detail, 200);
    return clean ? ` The API said: ${/[.!?\u2026]$/.test(clean) ? clean : `${clean}.`}` : '';
}

;// CONCATENATED MODULE: ./.tmp/lib-main/identity/token-route.js

const DEFAULT_PROFILE_PATH = '/api/v1/profile';
/** The first route the token matches, else the profile path. */
function routeFor(token, routes, profilePath) {
    for (const route of routes ?? []) {
        if (route.prefix && token.startsWith(route.prefix))
            return route.path;
        if (route.jwt && isJwtShaped(token))
            return route.path;
    }
    return profilePath;
}
/** Three base64url segments whose first decodes to a JOSE header. Not a signature check. */
function isJwtShaped(token) {
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((p, i) => /^[\w-]*$/.test(p) && (i === 2 || p.length > 0)))
        return false;
    try {
        const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
        return (typeof header === 'object' && header !== null && typeof header.alg === 'string');
    }
    catch {
        return false;
    }
}
/**
 * The base URL's own path is kept (`https://host/gitlab` + `/api/v4/user`): APIs served under
 * a prefix are common, and resolving an absolute path against the base would drop it.
 */
function profileUrl(apiUrl, path) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
        throw (0,errors/* usageError */.Wp)(`The profile path must be a path on the API (like ${DEFAULT_PROFILE_PATH}), not a URL.`, 'Set the API base URL with --api-url and the path with --profile-path.');
    }
    // The API URL's path is a prefix and its query (an API version, say) is kept; the profile
    // path goes in between exactly as given, its own trailing slash and query included.
    let base;
    try {
        base = new URL(apiUrl);
    }
    catch {
        return `${apiUrl}/${path}`; // refused, with the usual message, by assertSendableUrl
    }
    const [pathPart = '', pathQuery] = splitQuery(path);
    const joined = `${base.pathname.replace(/\/+$/, '')}/${pathPart.replace(/^\/+/, '')}`;
    const query = [base.search.slice(1), pathQuery].filter(Boolean).join('&');
    return `${base.origin}${joined}${query ? `?${query}` : ''}`;
}
function splitQuery(path) {
    const at = path.indexOf('?');
    return at < 0 ? [path, undefined] : [path.slice(0, at), path.slice(at + 1)];
}
const HEADER_NAME = /^[!#$%&'*+.^`|~\w-]+$/;
/**
 * The header carrying the token. `Authorization` means `Bearer <token>`; `Authorization: Token`
 * picks another scheme; any other name (`X-API-Key`, `PRIVATE-TOKEN`) carries the token raw.
 */
function tokenHeader(setting, token) {
    if (/[\r\n]/.test(token)) {
        throw (0,errors/* usageError */.Wp)('The token contains a line break, so it cannot be sent in a header.', 'Check how it was copied.');
    }
    const [rawName, ...rest] = setting.split(':');
    const name = rawName.trim();
    const scheme = rest.join(':').trim();
    checkHeaderName(name, 'token header');
    if (scheme)
        return [name, `${scheme} ${token}`];
    return [name, name.toLowerCase() === 'authorization' ? `Bearer ${token}` : token];
}
function checkHeaderName(name, what) {
    if (!HEADER_NAME.test(name)) {
        throw (0,errors/* usageError */.Wp)(`The ${what} "${name.slice(0, 40)}" is not a valid HTTP header name.`);
    }
}

;// CONCATENATED MODULE: ./.tmp/lib-main/identity/profile-lookup.js









/**
 * Proves a token works by asking the API who it belongs to. A refusal is an auth error
 * (exit 4) that names the API; a tenant or workspace the token cannot use is caught here,
 * before a later step fails on it with a less helpful message.
 */
async function validateToken(opts) {
    const token = (0,secrets/* registerSecret */.cl)(opts.token);
    const path = routeFor(token, opts.routes, opts.profilePath || DEFAULT_PROFILE_PATH);
    const url = (0,url_policy/* assertSendableUrl */.W)(profileUrl(opts.apiUrl, path), 'the profile endpoint');
    const api = opts.apiName ?? url.host;
    const [authName, authValue] = tokenHeader(opts.tokenHeader || 'Authorization', token);
    const scoping = scopingHeaders(opts);
    const policy = { what: `the profile endpoint of ${api}`, retryable: true };
    const fetch = (0,http_fetch/* createFetch */.H)(opts.transport, policy);
    const names = opts.names ?? {};
    const origin = opts.origin ?? {};
    const ask = (extra) => (0,retry/* withRetries */.L)(() => fetch(url.href, {
        method: 'GET',
        headers: { accept: 'application/json', [authName]: authValue, ...extra },
    }), opts.transport, policy);
    const res = await ask(scoping);
    if (res.status === 200) {
        const profile = parseProfile(await (0,json_body/* expectJsonObject */.Bu)(res, policy.what));
        checkScope(profile, opts);
        return profile.identity;
    }
    const answer = await refused(res);
    if (res.status === 403 && Object.keys(scoping).length > 0) {
        const given = [
            opts.tenant && { what: `tenant ${opts.tenant}`, setting: names.tenant ?? '--tenant' },
            opts.workspace && { what: `workspace ${opts.workspace}`, setting: names.workspace ?? '--workspace' },
        ].filter((g) => Boolean(g));
        const scope = given.map((g) => g.what).join(' and ');
        // Asked again without tenant/workspace: if the token itself is fine, the profile lists
        // what it may use, and the message can name the right values instead of a bare 403. If
        // it is refused there too, the tenant was never the problem.
        const unscoped = await ask({});
        if (unscoped.status === 200) {
            checkScope(parseProfile(await (0,json_body/* expectJsonObject */.Bu)(unscoped, policy.what)), opts);
        }
        else if (unscoped.status === 401 || unscoped.status === 403) {
            throw refusedEverywhere(await refused(unscoped), api, scope, names, origin);
        }
        else {
            await unscoped.body?.cancel();
        }
        throw new errors/* TokenRelayError */.F7('auth', `${api} refused the token for ${scope} (HTTP 403).${serverSaid(answer.text)}`, `Check ${given.map((g) => g.setting).join(' / ')}, or use a token that has access to ${given.length > 1 ? 'them' : 'it'}.`);
    }
    const headerConfigured = Boolean(opts.tokenHeader) && opts.tokenHeader.toLowerCase() !== 'authorization';
    throw refusal(answer, { api, path, header: authName, headerConfigured }, names, origin);
}
/** The answer's status, text and challenge; its body read once here. */
async function refused(res) {
    const text = await res.text().catch(() => '');
    return { status: res.status, text, challenge: res.headers.get('www-authenticate') };
}
function scopingHeaders(opts) {
    const headers = {};
    const tenantHeader = opts.tenantHeader || 'X-Tenant';
    if (opts.tenant) {
        checkHeaderName(tenantHeader, 'tenant header');
        headers[tenantHeader] = opts.tenant;
    }
    if (opts.workspace && opts.workspaceHeader) {
        checkHeaderName(opts.workspaceHeader, 'workspace header');
        headers[opts.workspaceHeader] = opts.workspace;
    }
    return headers;
}
function checkScope(profile, opts) {
    const check = (kind, wanted, list) => {
        if (!wanted || !list || list.length === 0 || listed(wanted, list))
            return;
        const names = list.map((e) => e.label).join(', ');
        throw new errors/* TokenRelayError */.F7('auth', `${kind} ${wanted} is not among the ${kind}s this token can use: ${(0,json_body/* bodyExcerpt */.kG)(names, 300)}.`, `${setTo(opts.names?.[kind] ?? `--${kind}`)} to one of them, or use a token with access to ${wanted}.`);
    };
    check('tenant', opts.tenant, profile.tenants);
    check('workspace', opts.workspace, profile.workspaces);
}
/** "Set --tenant", or for a stored choice the command that changes it: "Switch with '\u2026' ". */
const setTo = (name) => (name.startsWith("'") ? `Switch with ${name}` : `Set ${name}`);

// EXTERNAL MODULE: ./.tmp/lib-main/sources/configured-client.js + 1 modules
var configured_client = __webpack_require__(6914);
;// CONCATENATED MODULE: ./.tmp/lib-main/app/validate-token.js




/**
 * Asks the API's profile endpoint, as the settings describe it, who `token` belongs to, for
 * `scope`: a resolved token's (the resolver already fell back to the settings' tenant) or,
 * at login, the settings' own.
 */
function validateWithSettings(token, settings, transport, scope, origin) {
    return validateToken({
        apiUrl: settings.apiUrl,
        profilePath: settings.profilePath,
        tokenHeader: settings.tokenHeader,
        tenantHeader: settings.tenantHeader,
        workspaceHeader: settings.workspaceHeader,
        tenant: scope.tenant,
        workspace: scope.workspace,
        routes: settings.routes,
        token,
        transport,
        names: {
            tenant: scopeName(settings, scope, 'tenant'),
            workspace: scopeName(settings, scope, 'workspace'),
            tokenHeader: (0,core_settings/* settingName */.QX)(settings, 'tokenHeader'),
            profilePath: (0,core_settings/* settingName */.QX)(settings, 'profilePath'),
            apiUrl: (0,core_settings/* settingName */.QX)(settings, 'apiUrl'),
            audience: (0,core_settings/* settingName */.QX)(settings, 'audience'),
            resource: (0,core_settings/* settingName */.QX)(settings, 'resource'),
        },
        ...(origin ? { origin } : {}),
    });
}
/**
 * A tenant no setting gave came with the stored login (chosen at login or by `auth switch`):
 * the way to change it is `auth switch`, not a setting the user never used.
 */
function scopeName(settings, scope, key) {
    if (settings.origins[key] === undefined && scope[key] !== undefined) {
        return `'tokenrelay auth switch --${key} NAME'`;
    }
    return (0,core_settings/* settingName */.QX)(settings, key);
}
/** Proves a resolved token works against the API's profile endpoint and records who it is. */
async function validateResolved(token, settings, debug, face = 'action') {
    const { apiUrl } = settings;
    if (!apiUrl) {
        throw (0,errors/* usageError */.Wp)('Validating a token needs the API URL.', face === 'cli'
            ? 'Set --api-url or TOKENRELAY_API_URL (or api_url in the profile).'
            : 'Set the api-url input (or api_url in the profile).');
    }
    const identity = await validateWithSettings(token.accessToken, { ...settings, apiUrl }, (0,configured_client/* transportOptions */.wL)(settings, debug), token, {
        minted: token.method === 'client-credentials' || token.method === 'oidc',
        machine: token.method === 'client-credentials',
        targeted: settings.resource.length > 0 || Boolean(settings.audience),
    });
    return { ...token, identity };
}


/***/ })

};
