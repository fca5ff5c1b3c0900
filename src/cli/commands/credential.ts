import type { Command } from 'commander';

/**
 * `tokenrelay credential …`: the token where tools already ask for one — git's credential
 * helper, the container registries' docker-credential protocol, kubectl's exec plugin — each
 * through the one resolver, each printing only its tool's protocol on stdout.
 */
export function registerCredentialCommands(program: Command): void {
  const credential = program
    .command('credential')
    .description(
      'Credential helpers for git, container registries and kubectl, on the same resolver (minted tokens cached: --cache-dir auto unless set)',
    );
  credential
    .command('git')
    .description("Git's credential helper: get, store, erase (git runs it; see 'credential setup-git')")
    .argument('<action>', 'get, store or erase, as git passes it')
    .action(async (action: string, _opts, cmd: Command) => {
      const { runCredentialGit } = await import(/* webpackMode: "eager" */ './credential-git-run.ts');
      await runCredentialGit(action, cmd);
    });
  credential
    .command('setup-git')
    .description('Make git ask tokenrelay for the credentials of one host (global git config)')
    .requiredOption('--host <host>', 'the git host, e.g. git.example.com (https), or a URL')
    .action(async (opts: { host: string }, cmd: Command) => {
      const { runCredentialSetupGit } = await import(
        /* webpackMode: "eager" */ './credential-setup-git-run.ts'
      );
      await runCredentialSetupGit(opts.host, cmd);
    });
  credential
    .command('setup-docker')
    .description(
      "Make registry clients ask tokenrelay for a registry's credentials (credHelpers in docker's config.json)",
    )
    .requiredOption('--registry <host...>', 'the registry host, e.g. registry.example.com or localhost:5000')
    .action(async (opts: { registry: string[] }, cmd: Command) => {
      const { runCredentialSetupDocker } = await import(
        /* webpackMode: "eager" */ './credential-setup-docker-run.ts'
      );
      await runCredentialSetupDocker(opts.registry, cmd);
    });
  credential
    .command('docker')
    .description(
      'The docker-credential helper (docker, podman, skopeo, buildah credHelpers): get, store, erase, list',
    )
    .argument('<action>', 'get, store, erase, list or version, as the client passes it')
    .action(async (action: string, _opts, cmd: Command) => {
      const { runCredentialDocker } = await import(/* webpackMode: "eager" */ './credential-docker-run.ts');
      await runCredentialDocker(action, cmd);
    });
  credential
    .command('kubectl')
    .description(
      'The kubectl exec credential plugin: prints an ExecCredential (client.authentication.k8s.io/v1)',
    )
    .action(async (_opts, cmd: Command) => {
      const { runCredentialKubectl } = await import(/* webpackMode: "eager" */ './credential-kubectl-run.ts');
      await runCredentialKubectl(cmd);
    });
}
