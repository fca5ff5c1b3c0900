import { describe, expect, it } from 'vitest';
import { isSecret } from '../../src/core/secrets.ts';
import { readPastedCallback } from '../../src/login/paste-back.ts';

describe('paste-back input', () => {
  const server = { issuer: 'https://idp.example', authorization_response_iss_parameter_supported: true };
  const lines = (...input: (string | undefined)[]) => {
    const prompts: string[] = [];
    const readLine = async (prompt: string) => {
      prompts.push(prompt);
      return input.shift();
    };
    return { prompts, readLine };
  };

  it('takes a bare code, masked the moment it is read', async () => {
    const said: string[] = [];
    const input = lines('', '  bare-code-1234567  ');
    const params = await readPastedCallback({
      server,
      clientId: 'c',
      expectedState: 's1',
      ...input,
      say: (l) => said.push(l),
    });
    expect(params.get('code')).toBe('bare-code-1234567');
    expect(isSecret('bare-code-1234567')).toBe(true);
    expect(input.prompts).toHaveLength(2);
  });

  it('asks again after a URL from another attempt, then takes the right one', async () => {
    const said: string[] = [];
    const callback = 'http://127.0.0.1:1234/callback?code=pasted-code-99&iss=https%3A%2F%2Fidp.example';
    const input = lines(`${callback}&state=old`, `${callback}&state=s1`);
    const params = await readPastedCallback({
      server,
      clientId: 'c',
      expectedState: 's1',
      ...input,
      say: (l) => said.push(l),
    });
    expect(params.get('code')).toBe('pasted-code-99');
    expect(said.join(' ')).toContain('another login attempt');
  });

  it('fails as a protocol error (3) on a pasted URL with a repeated code', async () => {
    const input = lines('http://127.0.0.1:1/callback?code=a1&code=b2&state=s1');
    await expect(
      readPastedCallback({ server, clientId: 'c', expectedState: 's1', ...input, say: () => {} }),
    ).rejects.toMatchObject({ kind: 'protocol' });
  });

  it('ends with a usage error at end of input', async () => {
    await expect(
      readPastedCallback({ server, clientId: 'c', expectedState: 's1', ...lines(undefined), say: () => {} }),
    ).rejects.toMatchObject({ kind: 'usage', message: expect.stringContaining('No redirect URL or code') });
  });
});
