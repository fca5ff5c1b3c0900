import { describe, expect, it } from 'vitest';
import { escapeCell, humanDuration, renderSummary } from '../../src/export/summary.ts';
import { NOW, sampleToken, secretsOf } from './export-fixtures.ts';

/** Cells of each table row, split on unescaped pipes as GitHub's table parser does. */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

describe('renderSummary', () => {
  it('is a two-column table of the token facts', () => {
    const md = renderSummary(sampleToken(), NOW);
    expect(md.startsWith('### tokenrelay\n\n')).toBe(true);
    const table = rows(md);
    expect(table.every((r) => r.length === 2)).toBe(true);
    expect(Object.fromEntries(table.slice(2))).toEqual({
      Method: 'client-credentials',
      Source: 'client credentials (cc-basic)',
      Identity: 'deploy-bot',
      Tenant: 'acme',
      Workspace: 'ws-42',
      Scopes: 'read:items, write:items',
      Expires: '2026-11-23T12:00:00Z (in 60 min)',
      Environment: 'https://api.tokenrelay.test',
    });
  });

  it('never contains the token, redacted or not', () => {
    const token = sampleToken({ ciClaims: { sub: 'repo:o/r:ref:refs/heads/main' } });
    const md = renderSummary(token, NOW);
    for (const secret of secretsOf(token)) {
      expect(md).not.toContain(secret);
      expect(md).not.toContain(secret.slice(0, 8));
      expect(md).not.toContain(`…${secret.slice(-4)}`);
    }
  });

  it('marks absent facts instead of leaving empty cells', () => {
    const md = renderSummary(sampleToken({ tenant: undefined, expiresAt: undefined }), NOW);
    expect(md).toContain('| Tenant | — |');
    expect(md).toContain('| Expires | not stated by the server |');
  });

  it('adds the CI claims that matter for trust setup', () => {
    const md = renderSummary(
      sampleToken({
        ciClaims: {
          iss: 'https://token.actions.githubusercontent.com',
          sub: 'repo:octo/app:environment:prod',
          aud: ['https://api.tokenrelay.test', 'second'],
          repository: 'octo/app',
          ref: 'refs/heads/main',
          environment: 'prod',
          run_id: '123',
        },
      }),
      NOW,
    );
    const claims = md.slice(md.indexOf('#### CI token claims'));
    expect(claims).toContain('| `iss` | https://token.actions.githubusercontent.com |');
    expect(claims).toContain('| `aud` | https://api.tokenrelay.test, second |');
    expect(claims).toContain('| `environment` | prod |');
    expect(claims).not.toContain('run_id');
    expect(claims).not.toContain('project_path');
  });

  it('leaves the claims section out without CI claims', () => {
    expect(renderSummary(sampleToken(), NOW)).not.toContain('CI token claims');
  });

  it('keeps hostile values inside their cell', () => {
    const md = renderSummary(
      sampleToken({ tenant: 'a|b\nc', workspace: '<img src=x onerror=alert(1)>', sourceLabel: 'x\\|y' }),
      NOW,
    );
    const table = rows(md);
    expect(table.every((r) => r.length === 2)).toBe(true);
    expect(md).toContain('| Tenant | a\\|b c |');
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).toContain('| Source | x\\\\\\|y |');
  });
});

describe('helpers', () => {
  it('escapeCell escapes backslash before the rest', () => {
    expect(escapeCell('a\\|b')).toBe('a\\\\\\|b');
    expect(escapeCell('*x* _y_ `z` [l](u) ~s~ &amp;')).toBe(
      '\\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~ \\&amp;',
    );
    expect(escapeCell('one\r\ntwo\rthree\nfour')).toBe('one two three four');
  });

  it('humanDuration', () => {
    expect(humanDuration(59)).toBe('59 s');
    expect(humanDuration(3600)).toBe('60 min');
    expect(humanDuration(7200)).toBe('2 h 0 min');
    expect(humanDuration(90061)).toBe('25 h 1 min');
  });
});
