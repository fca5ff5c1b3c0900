import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycles, type Graph, importGraph, layerViolations } from '../../test-support/import-graph.ts';

/**
 * The layers of src/ and what each may import (docs/architecture.md draws the same picture).
 * core is the kernel every layer may use; arrows otherwise point down only. login/ (the
 * terminal and browser side of interactive login) sits beside sources/, between app/ and
 * oauth/; export/ (where a chosen token goes) is a sink only the faces use. The faces reach
 * the sources only through app/ (chainFor), the protocol only through app/ or login/.
 */
const BELOW_SOURCES = ['core', 'http', 'oauth', 'ci', 'identity', 'store'];
const LAYERS: Record<string, readonly string[]> = {
  core: [],
  http: ['core'],
  oauth: ['core', 'http'],
  ci: ['core', 'http'],
  identity: ['core', 'http'],
  store: ['core', 'http'],
  export: ['core'],
  sources: BELOW_SOURCES,
  login: ['core', 'http', 'oauth'],
  app: [...BELOW_SOURCES, 'sources', 'login'],
  // Faces hand collaborators (a store opener, a browser opener) to app/ and never pick a source.
  action: ['core', 'store', 'login', 'app', 'export'],
  cli: ['core', 'store', 'login', 'app', 'export'],
};

const src = fileURLToPath(new URL('../../src', import.meta.url));

describe('the import graph of src/', () => {
  const graph = importGraph(src);

  it('reads static, re-exported and lazily loaded imports', () => {
    expect(graph.get('sources/client-credentials-source.ts')).toContain('sources/mint-client-credentials.ts');
    expect(graph.get('cli/commands/auth-login.ts')).toContain('cli/commands/auth-login-run.ts');
    expect(graph.get('http/index.ts')?.length).toBeGreaterThan(0);
  });

  it('has a row in the layer table for every folder, and every import points down', () => {
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });

  it('has no circles', () => {
    expect(cycles(graph)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const graph: Graph = new Map([
    ['core/a.ts', ['app/b.ts']],
    ['app/b.ts', ['app/c.ts', 'core/a.ts']],
    ['app/c.ts', ['app/b.ts']],
    ['odd/d.ts', ['core/a.ts']],
  ]);

  it('find an import that points up, and a folder the table does not know', () => {
    expect(layerViolations(graph, { core: [], app: ['core'] })).toEqual([
      "core/a.ts -> app/b.ts ('core' may not import 'app')",
      "odd/d.ts: its layer 'odd' is not in the layer table",
    ]);
  });

  it('find a circle', () => {
    expect(cycles(graph)).toEqual([['app/b.ts', 'app/c.ts', 'core/a.ts']]);
  });
});
