export const id = 932;
export const ids = [932];
export const modules = {

/***/ 4932:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  configureCredentialHelpers: () => (/* binding */ configureCredentialHelpers)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./.tmp/lib-main/core/credential-host.js
var credential_host = __webpack_require__(2737);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./.tmp/lib-main/core/errors.js
var errors = __webpack_require__(2956);
// EXTERNAL MODULE: ./.tmp/lib-main/export/atomic-write.js
var atomic_write = __webpack_require__(8511);
;// CONCATENATED MODULE: ./.tmp/lib-main/export/helper-setup.js
/**
 * Where the tools look for their credential helpers: git's global config, a container
 * registry client's `credHelpers`, a kubeconfig `exec` user. Each entry names a command
 * (`tokenrelay \u2026`), never a token: the tools ask the helper on every use.
 */






/** `https://host[:port]` for a bare host; a URL keeps its scheme (http only makes sense on loopback). */
function gitCredentialUrl(host) {
    const url = /^https?:\/\//i.test(host) ? new URL(host) : new URL(`https://${host}`);
    if (!url.hostname || (url.pathname !== '/' && url.pathname !== '') || url.username) {
        throw (0,errors/* usageError */.Wp)(`'${host}' is not a host.`, 'Give the host alone, e.g. --host git.example.com.');
    }
    return `${url.protocol}//${url.host}`;
}
/**
 * The helper for one host in the user's global git config, as `gh auth setup-git` does: an
 * empty `helper` first resets the helpers inherited for that URL (a `store` helper would
 * otherwise answer first with a stale password), then `!tokenrelay credential git`.
 * Running it again leaves the same two lines.
 */
function setupGitHelper(host, env, command = 'tokenrelay') {
    const key = `credential.${gitCredentialUrl(host)}.helper`;
    const git = (args) => execFileSync('git', ['config', '--global', ...args], { env, stdio: 'pipe' });
    try {
        git(['--replace-all', key, '']);
        git(['--add', key, `!${command} credential git`]);
    }
    catch (e) {
        const err = e;
        const said = err.code === 'ENOENT'
            ? 'git is not on PATH'
            : String(err.stderr ?? '')
                .trim()
                .split('\n')[0];
        throw usageError(`Could not write ${key} to the global git config: ${said}.`, 'Check that git runs and that ~/.gitconfig is writable.');
    }
    return key;
}
/** docker's config.json: DOCKER_CONFIG, else ~/.docker (podman, skopeo and buildah read it too). */
function dockerConfigPath(env) {
    return (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
/** Adds `"credHelpers": {"<registry>": "tokenrelay"}` for each registry; every other key stays. */
function setupDockerHelper(registries, path) {
    let doc = {};
    if ((0,external_node_fs_.existsSync)(path)) {
        try {
            doc = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
        }
        catch {
            throw (0,errors/* usageError */.Wp)(`${path} is not valid JSON.`, 'Fix or remove it, then run again.');
        }
    }
    const helpers = { ...(doc.credHelpers ?? {}) };
    for (const registry of registries)
        helpers[registry] = 'tokenrelay';
    (0,atomic_write/* writeFileAtomic */.Z)(path, `${JSON.stringify({ ...doc, credHelpers: helpers }, null, 2)}\n`, {
        what: 'docker config',
    });
}
/**
 * A kubeconfig holding one `exec` user named `tokenrelay` (JSON is YAML). Put first in
 * KUBECONFIG, it merges with the user's own files; a context chooses it with
 * `kubectl config set-context --current --user tokenrelay`. provideClusterInfo hands the
 * cluster's server to the helper, which picks its `[hosts."\u2026"]` section.
 */
function kubeconfigUser(command = 'tokenrelay') {
    const user = {
        name: 'tokenrelay',
        user: {
            exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command,
                args: ['credential', 'kubectl'],
                interactiveMode: 'Never',
                provideClusterInfo: true,
            },
        },
    };
    return `${JSON.stringify({ apiVersion: 'v1', kind: 'Config', users: [user] }, null, 2)}\n`;
}

// EXTERNAL MODULE: ./.tmp/lib-main/export/shell-quote.js
var shell_quote = __webpack_require__(301);
;// CONCATENATED MODULE: ./.tmp/lib-main/action/credential-helpers.js
/**
 * `credential-helpers`: the job's later steps get their tokens where git, the container
 * registry clients and kubectl ask for credentials \u2014 `tokenrelay credential \u2026` on PATH, asked
 * on each use, so a token never sits in a tool's config and never goes stale mid-job. All of
 * it through variables the runner scopes to the job (GITHUB_ENV), nothing in the user's own
 * ~/.gitconfig, ~/.docker or ~/.kube: a self-hosted runner's next job finds them as they were.
 *
 *   git: HOST      GIT_CONFIG_COUNT/KEY/VALUE: credential.https://HOST.helper (reset, then ours)
 *   docker: HOST   DOCKER_CONFIG and REGISTRY_AUTH_FILE -> $RUNNER_TEMP/tokenrelay-docker/config.json,
 *                  the user's docker config with credHelpers {HOST: tokenrelay} added
 *   kubectl        KUBECONFIG -> $RUNNER_TEMP/tokenrelay-kube/config (an exec user named
 *                  `tokenrelay`) first, then the user's own kubeconfig
 */






/** Configures each requested tool for the later steps; returns one line per tool for the log. */
function configureCredentialHelpers(requests, deps) {
    const said = [];
    const launcher = (0,shell_quote/* shellQuote */.Z)((0,external_node_path_.join)(deps.cliDir, 'tokenrelay'));
    for (const { tool, hosts } of requests) {
        if (tool === 'git')
            said.push(configureGit(hosts, launcher, deps));
        if (tool === 'docker')
            said.push(configureDocker(hosts, deps));
        if (tool === 'kubectl')
            said.push(configureKubectl(deps));
    }
    return said;
}
/** git 2.31+ reads config from GIT_CONFIG_COUNT/KEY_n/VALUE_n; pairs already there are kept. */
function configureGit(hosts, launcher, { runner, env }) {
    let count = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10) || 0;
    const add = (key, value) => {
        runner.exportVariable(`GIT_CONFIG_KEY_${count}`, key);
        runner.exportVariable(`GIT_CONFIG_VALUE_${count}`, value);
        count++;
    };
    const urls = hosts.map(gitCredentialUrl);
    for (const url of urls) {
        add(`credential.${url}.helper`, '');
        add(`credential.${url}.helper`, `!${launcher} credential git`);
    }
    runner.exportVariable('GIT_CONFIG_COUNT', String(count));
    return `git asks tokenrelay for ${urls.join(', ')}`;
}
function configureDocker(hosts, { runner, env }) {
    const dir = (0,external_node_path_.join)(env.RUNNER_TEMP, 'tokenrelay-docker');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    const path = (0,external_node_path_.join)(dir, 'config.json');
    // The user's own config is the start (their auths, other credHelpers), unless already ours.
    const own = dockerConfigPath(env);
    if (own !== path && (0,external_node_fs_.existsSync)(own) && !(0,external_node_fs_.existsSync)(path))
        (0,external_node_fs_.writeFileSync)(path, (0,external_node_fs_.readFileSync)(own), { mode: 0o600 });
    const registries = hosts.map((h) => (0,credential_host/* credentialHost */.W9)(h));
    setupDockerHelper(registries, path);
    runner.exportVariable('DOCKER_CONFIG', dir);
    runner.exportVariable('REGISTRY_AUTH_FILE', path);
    return `registry clients ask docker-credential-tokenrelay for ${registries.join(', ')}`;
}
function configureKubectl({ runner, env, cliDir }) {
    const dir = (0,external_node_path_.join)(env.RUNNER_TEMP, 'tokenrelay-kube');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    const path = (0,external_node_path_.join)(dir, 'config');
    (0,external_node_fs_.writeFileSync)(path, kubeconfigUser((0,external_node_path_.join)(cliDir, 'tokenrelay')), { mode: 0o600 });
    const theirs = env.KUBECONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.kube', 'config');
    const list = [path, ...theirs.split(external_node_path_.delimiter).filter((p) => p && p !== path)];
    runner.exportVariable('KUBECONFIG', list.join(external_node_path_.delimiter));
    return "kubectl has a user 'tokenrelay' (KUBECONFIG); make a context use it (kubectl config set-context)";
}


/***/ }),

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


/***/ })

};
