import { type ChildProcess, spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { helperEnv } from '../core/helper-env.ts';

export interface BrowserDeps {
  env: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
  /** How long an opener may take to fail before it counts as having worked. */
  settleMs?: number;
  debug?: (line: string) => void;
}

/**
 * Opens `url` in the user's browser: `$BROWSER` first (a list, as in Python's webbrowser
 * and xdg-utils), then the platform's opener. Each is spawned directly — never through a
 * shell — with the URL as a single argument, so nothing in it is interpreted. Returns the
 * opener that worked, or undefined when none did (the caller has printed the URL anyway).
 */
export async function openBrowser(url: string, deps: BrowserDeps): Promise<string | undefined> {
  if (!/^https?:\/\//i.test(url)) return undefined; // never hand an opener anything but a web URL
  for (const argv of candidates(url, deps)) {
    const [command, ...args] = argv;
    if (!command) continue;
    const outcome = await launch(command, args, deps);
    deps.debug?.(`browser: ${command} ${outcome}`);
    if (outcome === 'started') return command;
  }
  return undefined;
}

function candidates(url: string, deps: BrowserDeps): string[][] {
  const platform = deps.platform ?? process.platform;
  const list: string[][] = [];
  const separator = platform === 'win32' ? ';' : ':';
  for (const entry of (deps.env.BROWSER ?? '').split(separator)) {
    const words = entry.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) continue;
    const withUrl = words.some((w) => w.includes('%s'));
    list.push(withUrl ? words.map((w) => w.replaceAll('%s', url)) : [...words, url]);
  }
  if (platform === 'darwin') list.push(['open', url]);
  else if (platform === 'win32') list.push(['rundll32', 'url.dll,FileProtocolHandler', url]);
  else list.push(['xdg-open', url]);
  return list;
}

/**
 * 'started' when the opener is still running after `settleMs` or exited 0 — xdg-open and
 * friends exit non-zero at once when they find no browser, and a real browser keeps running.
 */
function launch(command: string, args: string[], deps: BrowserDeps): Promise<'started' | string> {
  const spawn = deps.spawn ?? nodeSpawn;
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        detached: true,
        stdio: 'ignore',
        shell: false,
        windowsHide: true,
        env: helperEnv(deps.env),
      });
    } catch (e) {
      resolve(`failed: ${(e as Error).message}`);
      return;
    }
    const timer = setTimeout(() => {
      child.unref();
      resolve('started');
    }, deps.settleMs ?? 1500);
    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(`failed: ${e.code ?? e.message}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? 'started' : `exited with ${code}`);
    });
  });
}
