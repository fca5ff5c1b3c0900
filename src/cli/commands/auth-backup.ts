import type { Command } from 'commander';

/** `tokenrelay auth export` / `auth import`: an encrypted backup of the stored credentials. */
export function registerAuthBackup(auth: Command): void {
  auth
    .command('export')
    .description(
      'Write every stored credential (or one environment) to a new passphrase-encrypted file (JWE)',
    )
    .requiredOption('--file <path>', 'the file to create (0600); never overwritten')
    .option('--environment <url>', 'only this stored environment (its API URL or issuer)')
    .option(
      '--move',
      'hand the credentials over: remove them here once the file is written (a session is shared otherwise)',
    )
    .option('--passphrase-stdin', 'read the passphrase from stdin instead of asking twice at the terminal')
    .option('--force', 'write even inside a git work tree')
    .action(async (_opts, cmd: Command) => {
      const { runAuthExport } = await import(/* webpackMode: "eager" */ './auth-backup-run.ts');
      await runAuthExport(cmd);
    });
  auth
    .command('import')
    .description('Restore the credentials of an export into the store, after checking each record')
    .requiredOption('--file <path>', "a file written by 'tokenrelay auth export'")
    .option('--passphrase-stdin', 'read the passphrase from stdin instead of asking at the terminal')
    .option(
      '--force',
      "replace credentials already stored for the same environment, accept a session whose endpoints are off its issuer's origin, and write into a git work tree",
    )
    .action(async (_opts, cmd: Command) => {
      const { runAuthImport } = await import(/* webpackMode: "eager" */ './auth-backup-run.ts');
      await runAuthImport(cmd);
    });
}
