/**
 * Stops the CLI at once, exit 2, on a Node older than it supports, before any other module is
 * evaluated: a newer API missing deep inside a command would otherwise fail late, or worse
 * not at all. main.ts imports this first. Keep it to syntax and APIs every Node since 12 runs.
 */
const NEEDED_MAJOR = 22;
const found = process.versions.node;
if (Number(found.split('.')[0]) < NEEDED_MAJOR) {
  process.stderr.write(
    `tokenrelay: Node.js ${NEEDED_MAJOR} or newer is needed; this is Node.js ${found} (${process.execPath}). ` +
      `Install Node.js ${NEEDED_MAJOR}+ (or put it first on PATH) and run tokenrelay again.\n`,
  );
  process.exit(2);
}
