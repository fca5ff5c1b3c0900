import { storedEnvironments } from '../../app/environments.ts';
import { readConfigFile } from '../../app/load-settings.ts';
import { openStore } from '../../store/open-store.ts';

type Env = Record<string, string | undefined>;

/**
 * `tokenrelay __complete environments|profiles` (hidden): the stored environments' URLs and the
 * config file's profile names, for the completion scripts. Quiet by design: a keychain out of
 * reach, an untrusted or broken config file, or an unknown word is simply no words (a Tab
 * must never print a warning into the user's command line).
 */
export async function completionWords(what: string, env: Env): Promise<string[]> {
  try {
    if (what === 'profiles') {
      const config = await readConfigFile(env);
      return config ? [...config.profiles.keys()] : [];
    }
    if (what === 'environments') {
      const store = await openStore({ env, warn: () => {}, interactive: false });
      return (await storedEnvironments(store)).map((e) => e.environment);
    }
  } catch {
    // Nothing to offer; the command the user is typing will say what is wrong when it runs.
  }
  return [];
}
