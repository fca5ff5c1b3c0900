export const id = 349;
export const ids = [349];
export const modules = {

/***/ 349:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseConfigFile: () => (/* binding */ parseConfigFile)
/* harmony export */ });
/* unused harmony export refusedTokenEnv */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(767);
/* harmony import */ var _settings_table_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(107);


const SECRET_KEYS = new Set([
    'client_secret',
    'private_key',
    'token',
    'access_token',
    'refresh_token',
    'password',
]);
const KNOWN_KEYS = new Set(_settings_table_js__WEBPACK_IMPORTED_MODULE_1__/* .SETTING_ROWS */ .zh.flatMap(([, s]) => (s.config ? [s.config] : [])));
/**
 * Variables a config file's `token_env` may not name: a config file someone else could have
 * written must not turn the runner's or tokenrelay's own secrets into "the token" and send
 * them to the API it names. TOKENRELAY_TOKEN is already read first, so naming it adds nothing.
 */
const TOKEN_ENV_REFUSED = [
    { test: (n) => n.startsWith('TOKENRELAY_'), rule: "tokenrelay's own variables (TOKENRELAY_*)" },
    { test: (n) => n.startsWith('ACTIONS_'), rule: "the GitHub runner's own variables (ACTIONS_*)" },
    { test: (n) => n.startsWith('RUNNER_'), rule: "the GitHub runner's own variables (RUNNER_*)" },
    { test: (n) => n === 'GITHUB_TOKEN' || n === 'GH_TOKEN', rule: "the workflow's GitHub token" },
    {
        test: (n) => /^CI_/.test(n) && /(TOKEN|JWT|PASSWORD)/.test(n),
        rule: "GitLab's job credentials (CI_*TOKEN*, CI_*JWT*, CI_*PASSWORD*)",
    },
];
/** Why a `token_env` name from a config file is refused, or undefined when it is fine. */
function refusedTokenEnv(name, idTokenEnv) {
    const upper = name.toUpperCase();
    if (idTokenEnv && upper === idTokenEnv.toUpperCase())
        return "the CI job's OIDC token variable (id_token_env)";
    return TOKEN_ENV_REFUSED.find((r) => r.test(upper))?.rule;
}
/**
 * Parses config.toml text. Errors name the file and line (exit 2), never echo values. The
 * TOML parser loads only here: a run without a config file (every Action run without
 * `profile`/`config-file`) never evaluates it.
 */
async function parseConfigFile(text, path) {
    const { parse, TomlError } = await __webpack_require__.e(/* import() */ 292).then(__webpack_require__.bind(__webpack_require__, 292));
    let doc;
    try {
        doc = parse(text);
    }
    catch (e) {
        if (e instanceof TomlError) {
            const first = e.message.split('\n')[0] ?? 'syntax error';
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`Invalid config file ${path} at line ${e.line}, column ${e.column}: ${first.replace(/^Invalid TOML document: /, '')}.`, 'Fix the TOML syntax, or point TOKENRELAY_CONFIG_DIR elsewhere.');
        }
        throw e;
    }
    const config = { path, profiles: new Map(), hosts: new Map() };
    for (const [key, value] of Object.entries(doc)) {
        if (key === 'default_profile') {
            if (typeof value !== 'string')
                throw badValue(path, key, 'a string');
            config.defaultProfile = value;
        }
        else if (key === 'profiles') {
            if (!isTable(value))
                throw badValue(path, key, 'a table of [profiles.NAME] sections');
            for (const [name, body] of Object.entries(value))
                config.profiles.set(name, readProfile(path, name, body));
        }
        else if (key === 'hosts') {
            if (!isTable(value))
                throw badValue(path, key, 'a table of [hosts."HOST"] sections');
            for (const [name, body] of Object.entries(value)) {
                const section = readHost(path, name, body);
                config.hosts.set(section.host, section);
            }
        }
        else {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`Unknown key '${key}' in ${path}.`, 'Top-level keys are default_profile, [profiles.NAME] and [hosts."HOST"] sections.');
        }
    }
    for (const section of config.hosts.values()) {
        if (section.profile !== undefined && !config.profiles.has(section.profile)) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`${path} [hosts."${section.host}"] names profile '${section.profile}', which the file does not define.`, `Add a [profiles.${section.profile}] section, or fix the name.`);
        }
    }
    return config;
}
const HOST_KEYS = ['profile', 'username'];
/** A host section: a bare `host` or `host:port` (no scheme, no path), with a profile and a username. */
function readHost(path, name, body) {
    const where = `[hosts."${name}"]`;
    if (!/^[a-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9a-f:.]+\](:[0-9]{1,5})?$/i.test(name)) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`${path} ${where}: a host section is named by the host alone (git.example.com, or registry.example.com:5000).`, 'Drop the scheme and the path from the section name.');
    }
    if (!isTable(body))
        throw badValue(path, where, 'a table');
    const section = { host: name.toLowerCase() };
    for (const [key, value] of Object.entries(body)) {
        if (SECRET_KEYS.has(key)) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`${path} ${where} sets '${key}': credentials never live in the config file.`, 'Remove it: the credential helper asks tokenrelay for a token each time.');
        }
        if (!HOST_KEYS.includes(key)) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`Unknown key '${key}' in ${path} ${where}.`, `Known keys: ${HOST_KEYS.join(', ')}.`);
        }
        if (typeof value !== 'string' || value.trim() === '')
            throw badValue(path, `${where} ${key}`, 'a string');
        section[key] = value.trim();
    }
    return section;
}
function readProfile(path, name, body) {
    const where = `[profiles.${name}]`;
    if (!isTable(body))
        throw badValue(path, where, 'a table');
    const profile = { name, values: {}, routes: [] };
    for (const [key, value] of Object.entries(body)) {
        if (SECRET_KEYS.has(key)) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`${path} ${where} sets '${key}': credentials never live in the config file.`, `Remove it and pass it through the environment (e.g. TOKENRELAY_${key.toUpperCase()}) or 'tokenrelay auth login'.`);
        }
        if (key === 'routes') {
            profile.routes = readRoutes(path, where, value);
            continue;
        }
        if (key === 'token_env' && typeof value === 'string') {
            const idTokenEnv = typeof body.id_token_env === 'string' ? body.id_token_env : String(_settings_table_js__WEBPACK_IMPORTED_MODULE_1__/* .SETTINGS */ .yy.idTokenEnv.value.default);
            const rule = refusedTokenEnv(value, idTokenEnv);
            if (rule) {
                throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`${path} ${where} sets token_env = '${value}', one of ${rule}: a config file may not turn a credential into the token sent to the API.`, "Name the API's own token variable (e.g. MYAPI_TOKEN), or pass the token with TOKENRELAY_TOKEN.");
            }
        }
        if (!KNOWN_KEYS.has(key)) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`Unknown key '${key}' in ${path} ${where}.`, `Known keys: ${[...KNOWN_KEYS].sort().join(', ')}, routes.`);
        }
        if (typeof value === 'string' || typeof value === 'number')
            profile.values[key] = value;
        else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
            profile.values[key] = value;
        else
            throw badValue(path, `${where} ${key}`, 'a string or number');
    }
    return profile;
}
function readRoutes(path, where, value) {
    if (!Array.isArray(value))
        throw badValue(path, `${where} routes`, 'an array of { prefix|jwt, path }');
    return value.map((r) => {
        if (!isTable(r) || typeof r.path !== 'string' || !r.path.startsWith('/')) {
            throw badValue(path, `${where} routes`, 'entries with a path starting with /');
        }
        const route = { path: r.path };
        if (typeof r.prefix === 'string' && r.prefix)
            route.prefix = r.prefix;
        if (r.jwt === true)
            route.jwt = true;
        if (!route.prefix && !route.jwt)
            throw badValue(path, `${where} routes`, 'entries with prefix = "\u2026" or jwt = true');
        return route;
    });
}
function isTable(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
function badValue(path, key, expected) {
    return (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .usageError */ .Wp)(`Invalid value for ${key} in ${path}: expected ${expected}.`, 'Fix the config file.');
}


/***/ })

};
