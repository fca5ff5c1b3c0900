import { type Command, Option } from 'commander';
import { ARGV_SECRET, addRequestOptions, addTokenOptions } from '../global-options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `tokenrelay exchange`: client credentials for a CI script line or a cron job. */
export function registerExchangeCommand(program: Command): void {
  const cmd = program
    .command('exchange')
    .description(
      'Get a token by OAuth client credentials or keyless CI federation; print it or export it for the next step',
    )
    .addOption(
      new Option('--client-secret <secret>', `client secret (TOKENRELAY_CLIENT_SECRET); ${ARGV_SECRET}`),
    )
    .option('--client-secret-stdin', 'read the client secret from stdin')
    .option(
      '--private-key-file <path>',
      'private key for private_key_jwt, PKCS#8 PEM or JWK (TOKENRELAY_PRIVATE_KEY)',
    )
    .option('--client-auth <method>', 'client_secret_basic | client_secret_post | private_key_jwt')
    .option(
      '--grant <grant>',
      'client-credentials (default) | jwt-bearer: trade an RFC 7523 assertion signed with the private key (TOKENRELAY_GRANT)',
    )
    .option('--assertion-issuer <iss>', 'jwt-bearer: iss of the assertion (default: the client id)')
    .option(
      '--assertion-subject <sub>',
      'jwt-bearer: sub of the assertion, e.g. a user to act for (default: its iss)',
    )
    .option('--assertion-audience <aud>', 'jwt-bearer: aud of the assertion (default: the token endpoint)')
    .option('--audience <audience>', 'audience parameter (TOKENRELAY_AUDIENCE)')
    .option('--resource <uri>', 'resource indicator, RFC 8707 (repeatable)', collect)
    .option('--param <name=value>', 'extra token-request parameter (repeatable)', collect)
    .option(
      '--tenant-param <name>',
      'token-request parameter that carries --tenant (TOKENRELAY_TENANT_PARAM)',
    )
    .option(
      '--workspace-param <name>',
      'token-request parameter that carries --workspace (TOKENRELAY_WORKSPACE_PARAM)',
    )
    .option(
      '--federation <mode>',
      "keyless CI: exchange the job's OIDC token by token-exchange | jwt-bearer | client-assertion (TOKENRELAY_FEDERATION)",
    )
    .option(
      '--id-token-env <name>',
      'variable holding the CI token, e.g. from GitLab id_tokens (default TOKENRELAY_ID_TOKEN)',
    )
    .option('--id-token-file <path>', 'file holding the CI token, e.g. a Kubernetes projected token')
    .option(
      '--oidc-audience <aud>',
      'audience to request for the GitHub Actions OIDC token (default: the issuer)',
    )
    .option('--subject-token-type <type>', 'token exchange: id_token (default) | jwt | a URI')
    .option('--requested-token-type <type>', 'token exchange: access_token | jwt | a URI')
    .option('--validate', "also validate the token against the API's profile endpoint")
    .option('--export <form>', 'print | shell | json | gitlab-dotenv=PATH | file=PATH (repeatable)', collect)
    .option('--print', 'print the token alone on stdout (the default)')
    .option('--env-name <name>', 'variable name for shell and dotenv exports (default TOKENRELAY_TOKEN)');
  addRequestOptions(addTokenOptions(cmd)).action(async (_opts, command: Command) => {
    // Loaded only when this command runs, so other commands do not pay for it (see main.ts).
    const { runExchange } = await import(/* webpackMode: "eager" */ './exchange-run.ts');
    await runExchange(command);
  });
}
