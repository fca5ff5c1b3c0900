import type { Command } from 'commander';
import { switchEnvironment } from '../../app/switch-environment.ts';
import { writeActiveEnvironment } from '../../store/active-environment.ts';
import { commandContext } from '../context.ts';
import { cliStore } from '../store.ts';

export async function runAuthSwitch(cmd: Command): Promise<void> {
  const { io, opts, given, active } = await commandContext(cmd);
  const flag = (key: 'tenant' | 'workspace') => (given.origins[key] === 'flag' ? given[key] : undefined);
  const tenant = flag('tenant');
  const workspace = flag('workspace');
  const result = await switchEnvironment(
    {
      settings: given,
      ...(typeof opts.environment === 'string' ? { environment: opts.environment } : {}),
      ...(tenant !== undefined ? { tenant } : {}),
      ...(workspace !== undefined ? { workspace } : {}),
      ...(opts.force ? { force: true } : {}),
    },
    {
      openStore: cliStore(io),
      saveActive: (choice) => writeActiveEnvironment(io.env, choice, io.err),
      ...(active ? { previous: active.environment } : {}),
    },
  );
  if (io.json) {
    io.out(
      `${JSON.stringify(
        {
          environment: result.environment,
          previous: result.previous ?? null,
          api_url: result.apiUrl ?? null,
          issuer: result.issuer ?? null,
          tenant: result.tenant ?? null,
          workspace: result.workspace ?? null,
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  const scope = [
    result.tenant && `tenant ${result.tenant}`,
    result.workspace && `workspace ${result.workspace}`,
  ]
    .filter(Boolean)
    .join(', ');
  io.say(
    `Switched to ${result.environment}${scope ? ` (${scope})` : ''}${result.previous ? ` from ${result.previous}` : ''}; commands that name no environment use it now.`,
  );
}
