import type { Command } from 'commander';
import { registerAuthToken } from './auth-token.ts';

/** `tokenrelay auth …`: the interactive side (login, status, token, logout). */
export function registerAuthCommands(program: Command): void {
  const auth = program
    .command('auth')
    .description('Log in, see where your token comes from, print it, log out');
  registerAuthToken(auth);
}
