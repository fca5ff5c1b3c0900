import type { Command } from 'commander';
import { registerAuthBackup } from './auth-backup.ts';
import { registerAuthLogin } from './auth-login.ts';
import { registerAuthLogout } from './auth-logout.ts';
import { registerAuthStatus } from './auth-status.ts';
import { registerAuthSwitch } from './auth-switch.ts';
import { registerAuthToken } from './auth-token.ts';

/** `tokenrelay auth …`: the interactive side (login, status, token, logout). */
export function registerAuthCommands(program: Command): void {
  const auth = program
    .command('auth')
    .description('Log in, see where your token comes from, print it, log out, switch environments, back up');
  registerAuthLogin(auth);
  registerAuthStatus(auth);
  registerAuthToken(auth);
  registerAuthLogout(auth);
  registerAuthSwitch(auth);
  registerAuthBackup(auth);
}
