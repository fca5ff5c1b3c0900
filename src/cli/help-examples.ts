/**
 * The examples each command's --help ends with (gh's EXAMPLES): what people type most, each
 * with a one-line comment. Keyed by command path ('' is `tokenrelay` itself). A test runs every
 * command's --help and holds each example to the options that help lists.
 */
export const HELP_EXAMPLES: Record<string, readonly (readonly [comment: string, line: string])[]> = {
  '': [
    [
      'A token by client credentials (TOKENRELAY_ISSUER, _CLIENT_ID, _CLIENT_SECRET set)',
      'tokenrelay exchange',
    ],
    ['Log in from a terminal, then use the token', 'tokenrelay auth login --issuer https://auth.example.com'],
    ['', 'curl -H "Authorization: Bearer $(tokenrelay auth token)" https://api.example.com/things'],
    ['Run one command with the token in its environment only', 'tokenrelay run -- ./deploy.sh'],
  ],
  exchange: [
    ['The token alone on stdout, for a script', 'TOKEN="$(tokenrelay exchange)"'],
    [
      'Export lines for this shell (eval fails when tokenrelay does)',
      'eval "$(tokenrelay exchange --export shell)"',
    ],
    [
      'Everything about the token as JSON, proven against the API first',
      'tokenrelay exchange --validate --export json',
    ],
    [
      "Keyless in GitLab CI: the job's id_tokens for an API token",
      'tokenrelay exchange --federation jwt-bearer --export gitlab-dotenv=token.env',
    ],
  ],
  validate: [
    [
      'Check a personal access token without putting it in argv',
      'tokenrelay validate --token-stdin < ~/.config/api-pat',
    ],
    [
      'Check whatever the resolver finds, for one tenant',
      'tokenrelay validate --api-url https://api.example.com --tenant acme',
    ],
  ],
  run: [
    ["The token in the command's environment as TOKENRELAY_TOKEN", 'tokenrelay run -- ./deploy.sh --prod'],
    [
      'Another variable name, and a file kept fresh for a long command',
      'tokenrelay run --env-name API_TOKEN --token-file /tmp/api-token -- ./sync.sh',
    ],
  ],
  auth: [
    ['Log in, see who you are, print the token', 'tokenrelay auth login --issuer https://auth.example.com'],
    ['', 'tokenrelay auth status'],
    ['', 'tokenrelay auth token'],
  ],
  'auth login': [
    [
      'In the browser (authorization code + PKCE)',
      'tokenrelay auth login --issuer https://auth.example.com --api-url https://api.example.com',
    ],
    [
      'Over SSH or with no browser: a code to enter on any device',
      'tokenrelay auth login --device --issuer https://auth.example.com',
    ],
    [
      'Save an API key or PAT after checking it against the API',
      'tokenrelay auth login --token-stdin --api-url https://api.example.com < ~/.config/api-pat',
    ],
  ],
  'auth status': [
    ['How you are authenticated, checked against the API', 'tokenrelay auth status'],
    ['Without asking the API; as JSON for a script', 'tokenrelay auth status --offline --json'],
  ],
  'auth token': [
    [
      'The token alone, refreshed when it is about to expire',
      'curl -H "Authorization: Bearer $(tokenrelay auth token)" https://api.example.com/things',
    ],
    ['For one tenant of the stored environment', 'tokenrelay auth token --tenant acme'],
  ],
  'auth logout': [
    ['Revoke and remove the session of the active environment', 'tokenrelay auth logout'],
    ['Of another stored environment', 'tokenrelay auth logout --api-url https://dev.api.example.com'],
  ],
  'auth switch': [
    [
      'Make dev the default for every command that names no environment',
      'tokenrelay auth switch --environment https://dev.api.example.com',
    ],
    ['Change the workspace without logging in again', 'tokenrelay auth switch --workspace ops'],
  ],
  'auth export': [
    [
      'An encrypted backup (asks for a passphrase twice)',
      'tokenrelay auth export --file ~/tokenrelay-backup.jwe',
    ],
  ],
  'auth import': [
    [
      'Restore it on another machine (asks for the passphrase)',
      'tokenrelay auth import --file ~/tokenrelay-backup.jwe',
    ],
  ],
  credential: [
    ['Make git ask tokenrelay for one host', 'tokenrelay credential setup-git --host git.example.com'],
    [
      'Make docker, podman and skopeo ask it for a registry',
      'tokenrelay credential setup-docker --registry registry.example.com',
    ],
    [
      'A kubectl user that asks it (kubeconfig exec plugin)',
      'kubectl config set-credentials tokenrelay --exec-api-version=client.authentication.k8s.io/v1 --exec-command=tokenrelay --exec-arg=credential --exec-arg=kubectl',
    ],
  ],
  'credential git': [
    [
      'What git runs; try it by hand',
      'printf "protocol=https\\nhost=git.example.com\\n\\n" | tokenrelay credential git get',
    ],
  ],
  'credential docker': [
    [
      'What docker-credential-tokenrelay runs; try it by hand',
      'echo registry.example.com | tokenrelay credential docker get',
    ],
  ],
  'credential kubectl': [
    ['What kubectl runs; try it by hand', 'tokenrelay credential kubectl --profile prod'],
  ],
  'credential setup-git': [
    [
      'Write the helper line for one host into ~/.gitconfig',
      'tokenrelay credential setup-git --host git.example.com',
    ],
  ],
  'credential setup-docker': [
    [
      "Add the registry to credHelpers in docker's config.json",
      'tokenrelay credential setup-docker --registry registry.example.com',
    ],
  ],
  help: [
    ['Every TOKENRELAY_* variable; the exit codes; one command', 'tokenrelay help environment'],
    ['', 'tokenrelay help exit-codes'],
    ['', 'tokenrelay help auth login'],
  ],
  completion: [
    ['In ~/.bashrc', 'eval "$(tokenrelay completion bash)"'],
    ['In ~/.zshrc', 'eval "$(tokenrelay completion zsh)"'],
    ['In fish', 'tokenrelay completion fish | source'],
  ],
  version: [
    ['The version, for a bug report', 'tokenrelay version'],
    ['', 'tokenrelay version --json'],
  ],
};

/** The Examples section for a command's help, or '' when it has none. */
export function examplesSection(path: string): string {
  const examples = HELP_EXAMPLES[path];
  if (!examples?.length) return '';
  const lines = examples.flatMap(([comment, line]) => [
    ...(comment ? [`  # ${comment}`] : []),
    `  $ ${line}`,
  ]);
  return `\nExamples:\n${lines.join('\n')}\n`;
}
