export const id = 736;
export const ids = [736];
export const modules = {

/***/ 8511:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Z: () => (/* binding */ writeFileAtomic)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2956);
/* harmony import */ var _core_random_uuid_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4111);
/**
 * Writes a file that holds a secret so that no reader ever sees it half-written or with
 * loose permissions: a new temp file in the same directory (O_EXCL, 0600), fsync, rename.
 * A symlink at the destination is refused rather than replaced or followed: a link planted
 * in a shared directory is how a token gets written somewhere its owner did not choose.
 */




function code(e) {
    return e?.code ?? 'error';
}
/** What to try after a failed write, by errno; the path is the one the user gave. */
function hint(e, path) {
    const c = code(e);
    if (c === 'EACCES' || c === 'EPERM')
        return `Check the permissions of ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path)}, or choose a path you can write.`;
    if (c === 'ENOSPC' || c === 'EDQUOT')
        return 'Free some disk space and try again.';
    return `Check that ${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path)} is a directory you can write, or choose another path.`;
}
/** Refuses what a rename would clobber in a surprising way; absent is fine. */
function checkDestination(path, shown, what) {
    let stat;
    try {
        stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path);
    }
    catch (e) {
        if (code(e) === 'ENOENT')
            return;
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .storageError */ .QX)(`Cannot write the ${what} ${shown}: ${code(e)}.`, hint(e, shown));
    }
    if (stat.isSymbolicLink()) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .storageError */ .QX)(`Refusing to write the ${what} ${shown}: it is a symbolic link.`, 'Remove the link or choose another path; tokenrelay does not write secrets through links.');
    }
    if (stat.isDirectory()) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .storageError */ .QX)(`Cannot write the ${what} ${shown}: it is a directory.`, 'Give a file path.');
    }
    if (!stat.isFile()) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .storageError */ .QX)(`Cannot write the ${what} ${shown}: it is not a regular file.`, 'Give a file path.');
    }
}
/** Returns the absolute path written. */
function writeFileAtomic(path, data, options = {}) {
    const mode = options.mode ?? 0o600;
    const what = options.what ?? 'file';
    const target = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(path);
    checkDestination(target, path, what);
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(target);
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
    }
    catch (e) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .storageError */ .QX)(`Cannot create the directory for the ${what} ${path}: ${code(e)}.`, hint(e, path));
    }
    const temp = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, `.${(0,node_path__WEBPACK_IMPORTED_MODULE_1__.basename)(target)}.${(0,_core_random_uuid_js__WEBPACK_IMPORTED_MODULE_3__/* .randomHex */ .n)().slice(0, 12)}.tmp`);
    let fd;
    try {
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(temp, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_WRONLY | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_CREAT | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_EXCL, mode);
        // The umask may have narrowed the mode at creation; set it exactly.
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fchmodSync)(fd, mode);
        const bytes = Buffer.from(data, 'utf8');
        let written = 0;
        while (written < bytes.length)
            written += (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeSync)(fd, bytes, written);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fsyncSync)(fd);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        fd = undefined;
        // rename() replaces a link planted after the check instead of following it.
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.renameSync)(temp, target);
    }
    catch (e) {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.unlinkSync)(temp);
        }
        catch {
            // Already renamed or never created.
        }
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .storageError */ .QX)(`Cannot write the ${what} ${path}: ${code(e)}.`, hint(e, path));
    }
    syncDirectory(dir);
    return target;
}
/** Makes the rename durable; not possible on every platform, so best effort. */
function syncDirectory(dir) {
    try {
        const fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(dir, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY);
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fsyncSync)(fd);
        }
        finally {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
        }
    }
    catch {
        // Windows cannot open a directory for fsync; the data itself is already synced.
    }
}


/***/ }),

/***/ 8736:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  writeCredentialsFile: () => (/* binding */ writeCredentialsFile)
});

// UNUSED EXPORTS: defaultCredentialsPath

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./.tmp/lib-main/core/errors.js
var errors = __webpack_require__(2956);
// EXTERNAL MODULE: ./.tmp/lib-main/core/inside.js
var inside = __webpack_require__(2691);
// EXTERNAL MODULE: ./.tmp/lib-main/core/random-uuid.js + 1 modules
var random_uuid = __webpack_require__(4111);
// EXTERNAL MODULE: ./.tmp/lib-main/export/atomic-write.js
var atomic_write = __webpack_require__(8511);
// EXTERNAL MODULE: ./.tmp/lib-main/export/fields.js
var fields = __webpack_require__(6957);
;// CONCATENATED MODULE: ./.tmp/lib-main/export/token-json.js

/** Copies only the known identity fields: whatever else a profile endpoint said stays out. */
function identityJson(identity) {
    if (!identity)
        return null;
    const { name, email, login, subject, tenants, workspaces } = identity;
    return { name, email, login, subject, tenants, workspaces };
}
function tokenJson(token, now = Date.now()) {
    const f = (0,fields/* tokenFields */.R)(token, now);
    const out = {
        token: token.accessToken,
        token_type: f.tokenType,
        expires_at: f.expiresAt ?? null,
        expires_in: f.expiresIn ?? null,
        scope: f.scope ?? null,
        tenant: f.tenant ?? null,
        workspace: f.workspace ?? null,
        identity: identityJson(token.identity),
        method: f.method,
        source: f.source,
        environment: f.environment,
    };
    if (token.ciClaims)
        out.ci_claims = token.ciClaims;
    return out;
}
/** Pretty-printed, newline-terminated. */
function renderJson(token, now = Date.now()) {
    return `${JSON.stringify(tokenJson(token, now), null, 2)}\n`;
}

;// CONCATENATED MODULE: ./.tmp/lib-main/export/credentials-file.js
/**
 * `--export file=PATH`: the JSON of `--export json` in a 0600 file, for tools that read
 * credentials from a path. On Actions runners the default lives in RUNNER_TEMP, never in
 * the workspace: workspaces get uploaded as artifacts and cached, and a token file there
 * leaks with them (google-github-actions/auth had to learn this). The caller records the
 * returned path so the post step can delete the file.
 */







const WHAT = 'credentials file';
/** `${RUNNER_TEMP}/tokenrelay-<random>.json` (the OS temp dir outside Actions). */
function defaultCredentialsPath(env = process.env) {
    const dir = env['RUNNER_TEMP'] || (0,external_node_os_.tmpdir)();
    const path = (0,external_node_path_.join)((0,external_node_path_.resolve)(dir), `tokenrelay-${(0,random_uuid/* randomHex */.n)()}.json`);
    const workspace = env['GITHUB_WORKSPACE'];
    if (workspace && (0,inside/* isInside */.F)(dir, workspace)) {
        throw (0,errors/* usageError */.Wp)(`Refusing to put the ${WHAT} in ${dir}: it is inside GITHUB_WORKSPACE, which workflows upload and cache.`, 'Point RUNNER_TEMP outside the workspace, or give an explicit path with file=PATH.');
    }
    return path;
}
/** Writes the file (path as given, or the default); returns the absolute path written. */
function writeCredentialsFile(token, path, options = {}) {
    const target = path || defaultCredentialsPath(options.env);
    return (0,atomic_write/* writeFileAtomic */.Z)(target, renderJson(token, options.now), { what: WHAT });
}


/***/ })

};
