/**
 * `npm test`: installs the real parts (scripts/system-deps.sh), then runs every vitest
 * file inside a D-Bus session with an unlocked gnome-keyring, so keychain tests talk to a
 * real Secret Service. Ends with one plain "N passed, N failed" line — or, when the set-up
 * (the keyring, vitest itself) failed before any test ran, "setup failed: <why>, no test ran",
 * so a broken machine never reads like one failing test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureOldestNode } from './oldest-node.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const deps = spawnSync('bash', [join(root, 'scripts/system-deps.sh')], { stdio: 'inherit' });
if (deps.status !== 0) process.exit(deps.status ?? 1);

mkdirSync(join(root, '.tmp'), { recursive: true });
const oldestNode = ensureOldestNode(root);
const report = join(root, '.tmp/vitest-report.json');
// Per run: a test that runs this script (keyring-setup.test.ts) must not speak for its caller.
const setupError = join(root, `.tmp/setup-error-${process.pid}.txt`);
rmSync(report, { force: true }); // an earlier run's report must not speak for this one
const vitest = [
  join(root, 'node_modules/.bin/vitest'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const wrapper = join(root, 'scripts/with-keyring.sh');
const [cmd, args] = existsSync(wrapper) ? ['bash', [wrapper, ...vitest]] : [vitest[0]!, vitest.slice(1)];
const result = spawnSync(cmd, args, {
  stdio: 'inherit',
  cwd: root,
  env: {
    ...process.env,
    FORCE_COLOR: '0',
    TOKENRELAY_TEST_OLDEST_NODE: oldestNode,
    TOKENRELAY_SETUP_ERROR_FILE: setupError,
  },
});
const status = result.status ?? 1;

const setupFailure = existsSync(setupError)
  ? readFileSync(setupError, 'utf8').trim()
  : !existsSync(report)
    ? `${result.error ? result.error.message : `vitest exited with ${result.signal ?? `code ${status}`}`} before writing its report`
    : undefined;
rmSync(setupError, { force: true });
if (setupFailure !== undefined) {
  console.log(`\ntests: setup failed: ${setupFailure}, no test ran`);
  process.exit(status !== 0 ? status : 1);
}

const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
const passed = json.numPassedTests;
let failed = json.numFailedTests;
if (status !== 0 && failed === 0) failed = 1; // a crash or a failed suite still counts as a failure
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 ? status : passed === 0 ? 1 : 0);
