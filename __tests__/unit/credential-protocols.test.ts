/**
 * The credential helpers' pure parts: `[hosts."…"]` sections of config.toml and how a tool's
 * host finds one, git's credential protocol (the bearer form of git 2.46+, which Debian's git
 * 2.39 cannot exercise end to end), kubectl's ExecCredential, docker's answer, and the
 * Action's `credential-helpers` input.
 */
import { describe, expect, it } from 'vitest';
import { parseCredentialHelpers } from '../../src/action/credential-helpers-input.ts';
import { parseConfigFile } from '../../src/core/config-file.ts';
import { credentialHost, hostSection } from '../../src/core/credential-host.ts';
import { formatDockerCredential } from '../../src/export/docker-credential.ts';
import { formatExecCredential, parseExecInfo } from '../../src/export/exec-credential.ts';
import { formatGitCredential, parseGitCredential } from '../../src/export/git-credential.ts';
import { gitCredentialUrl, kubeconfigUser } from '../../src/export/helper-setup.ts';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.payload-of-a-test-token.sig';
const token = (expiresAt?: Date) => ({
  accessToken: TOKEN,
  tokenType: 'Bearer',
  ...(expiresAt ? { expiresAt } : {}),
});

describe('[hosts."HOST"] sections', () => {
  const config = () =>
    parseConfigFile(
      [
        '[profiles.forge]',
        'issuer = "https://auth.example.com"',
        '[hosts."git.example.com"]',
        'profile = "forge"',
        'username = "x-access-token"',
        '[hosts."Registry.Example.com:5000"]',
        'profile = "forge"',
      ].join('\n'),
      '/c/config.toml',
    );

  it('are read with their profile and username, hosts lower-cased', async () => {
    const c = await config();
    expect(c.hosts.get('git.example.com')).toEqual({
      host: 'git.example.com',
      profile: 'forge',
      username: 'x-access-token',
    });
    expect(c.hosts.get('registry.example.com:5000')?.profile).toBe('forge');
  });

  it('are found from what each tool sends', async () => {
    const c = await config();
    expect(hostSection(c, credentialHost('git.example.com'))?.username).toBe('x-access-token');
    expect(hostSection(c, credentialHost('https://git.example.com:8443/'))?.host).toBe('git.example.com');
    expect(hostSection(c, credentialHost('registry.example.com:5000'))?.host).toBe(
      'registry.example.com:5000',
    );
    expect(hostSection(c, credentialHost('https://REGISTRY.example.com:5000/v2/'))?.profile).toBe('forge');
    expect(hostSection(c, credentialHost('registry.example.com'))).toBeUndefined();
    expect(hostSection(c, credentialHost('https://index.docker.io/v1/'))).toBeUndefined();
    expect(credentialHost('https://git.example.com:443')).toBe('git.example.com');
    expect(credentialHost('')).toBeUndefined();
  });

  it('refuse credentials, unknown keys, unknown profiles and names with a scheme', async () => {
    const cases: [string, RegExp][] = [
      [
        '[hosts."git.example.com"]\npassword = "hunter2-hunter2"',
        /credentials never live in the config file/,
      ],
      [
        '[hosts."git.example.com"]\nuser = "x"',
        /Unknown key 'user' in \/c\/config.toml \[hosts."git.example.com"\]/,
      ],
      ['[hosts."git.example.com"]\nprofile = "nope"', /names profile 'nope', which the file does not define/],
      ['[hosts."https://git.example.com"]\nprofile = "x"', /named by the host alone/],
      ['[hosts."git.example.com"]\nprofile = 3', /expected a string/],
    ];
    for (const [text, message] of cases) {
      await expect(parseConfigFile(text, '/c/config.toml')).rejects.toThrow(message);
    }
    // The value is never echoed.
    const error = (await parseConfigFile(
      '[hosts."git.example.com"]\npassword = "hunter2-hunter2"',
      '/c',
    ).catch((e: unknown) => e)) as { describe(): string };
    expect(error.describe()).not.toContain('hunter2');
  });
});

describe('git credential protocol', () => {
  it('reads key=value lines up to the blank line, repeated keys as lists', () => {
    const req = parseGitCredential(
      'capability[]=authtype\ncapability[]=state\nprotocol=https\nhost=git.example.com\nwwwauth[]=Bearer realm="x"\nwwwauth[]=Basic realm="x"\n\nhost=ignored\n',
    );
    expect(req).toEqual({
      protocol: 'https',
      host: 'git.example.com',
      capabilities: ['authtype', 'state'],
      wwwauth: ['Bearer realm="x"', 'Basic realm="x"'],
    });
  });

  it('answers username and the token as password, with its expiry, to a git without the capability (2.39)', () => {
    const req = parseGitCredential('protocol=https\nhost=git.example.com\nwwwauth[]=Bearer realm="x"\n');
    const out = formatGitCredential(req, token(new Date('2030-01-01T00:00:00Z')), 'oauth2');
    expect(out).toBe(
      `protocol=https\nhost=git.example.com\nusername=oauth2\npassword=${TOKEN}\npassword_expiry_utc=1893456000\n`,
    );
  });

  it('answers the bearer form when git announces authtype (2.46+) and the server asks for Bearer', () => {
    const req = parseGitCredential(
      'capability[]=authtype\nprotocol=https\nhost=git.example.com\nwwwauth[]=Bearer realm="forge"\n',
    );
    expect(formatGitCredential(req, token(), 'oauth2')).toBe(
      `protocol=https\nhost=git.example.com\ncapability[]=authtype\nauthtype=Bearer\ncredential=${TOKEN}\n`,
    );
    // The capability alone is not enough: a server asking only for Basic gets a password.
    const basicOnly = parseGitCredential(
      'capability[]=authtype\nprotocol=https\nhost=h\nwwwauth[]=Basic realm="x"\n',
    );
    expect(formatGitCredential(basicOnly, token(), 'oauth2')).toContain(`password=${TOKEN}`);
  });

  it("keeps git's username from the URL, and never writes a value that would break the line format", () => {
    const req = parseGitCredential('protocol=https\nhost=h\nusername=alice\n');
    expect(formatGitCredential(req, token(), 'oauth2')).toContain('username=alice\n');
    expect(() => formatGitCredential(req, { ...token(), accessToken: 'a\nb' }, 'u')).toThrow(/newline/);
  });

  it('setup-git names the URL with its scheme, https by default', () => {
    expect(gitCredentialUrl('git.example.com')).toBe('https://git.example.com');
    expect(gitCredentialUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
    expect(() => gitCredentialUrl('https://git.example.com/team/repo')).toThrow(/not a host/);
  });
});

describe('kubectl ExecCredential', () => {
  it('answers in the apiVersion kubectl asked for, with the token and its expiry', () => {
    const info = parseExecInfo(
      JSON.stringify({
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        kind: 'ExecCredential',
        spec: { interactive: false, cluster: { server: 'https://k8s.example.com:6443' } },
      }),
    );
    expect(info).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      interactive: false,
      server: 'https://k8s.example.com:6443',
    });
    expect(JSON.parse(formatExecCredential(info, token(new Date('2030-01-01T00:00:00.750Z'))))).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      kind: 'ExecCredential',
      status: { token: TOKEN, expirationTimestamp: '2030-01-01T00:00:00Z' },
    });
  });

  it('is v1 when run by hand; refuses v1alpha1 and a KUBERNETES_EXEC_INFO that is not JSON', () => {
    expect(parseExecInfo(undefined)).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      interactive: false,
    });
    expect(() => parseExecInfo('{"apiVersion":"client.authentication.k8s.io/v1alpha1"}')).toThrow(
      /tokenrelay answers client.authentication.k8s.io\/v1/,
    );
    expect(() => parseExecInfo('not json')).toThrow(/KUBERNETES_EXEC_INFO is not JSON/);
  });

  it('the exec user the Action writes never prompts and asks for the cluster', () => {
    const user = JSON.parse(kubeconfigUser('/opt/tokenrelay')).users[0].user.exec;
    expect(user).toMatchObject({
      command: '/opt/tokenrelay',
      args: ['credential', 'kubectl'],
      interactiveMode: 'Never',
      provideClusterInfo: true,
    });
  });
});

describe('docker credential protocol', () => {
  it('answers ServerURL, Username and Secret; never the <token> username that means an identity token', () => {
    expect(JSON.parse(formatDockerCredential('registry.example.com', token(), 'robot'))).toEqual({
      ServerURL: 'registry.example.com',
      Username: 'robot',
      Secret: TOKEN,
    });
    expect(JSON.parse(formatDockerCredential('r', token(), '<token>')).Username).toBe('oauth2');
  });
});

describe('the credential-helpers input', () => {
  it('reads tools with their hosts by line or comma', () => {
    expect(
      parseCredentialHelpers([
        'git: a.example.com b.example.com',
        'docker: r:5000, kubectl',
        'git: c.example.com',
      ]),
    ).toEqual([
      { tool: 'git', hosts: ['a.example.com', 'b.example.com', 'c.example.com'] },
      { tool: 'docker', hosts: ['r:5000'] },
      { tool: 'kubectl', hosts: [] },
    ]);
    expect(parseCredentialHelpers([])).toEqual([]);
  });

  it('refuses an unknown tool, and git or docker without hosts', () => {
    expect(() => parseCredentialHelpers(['helm'])).toThrow(/'helm', which is not git, docker or kubectl/);
    expect(() => parseCredentialHelpers(['docker'])).toThrow(/docker needs the hosts to answer for/);
  });
});
