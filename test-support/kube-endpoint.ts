/**
 * A small Kubernetes-API-shaped HTTPS endpoint on 127.0.0.1 for kubectl's exec credential
 * plugin: a self-signed certificate (openssl, for 127.0.0.1) that the kubeconfig trusts, and
 * every request answered only for a Bearer token the suite's provider issued — 401 otherwise,
 * as an API server does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenGate } from './bearer-check.ts';
import { selfSignedCert } from './self-signed.ts';

export interface KubeEndpoint {
  /** `https://127.0.0.1:PORT` */
  server: string;
  /** The CA certificate file (the endpoint's own certificate) for the kubeconfig. */
  caFile: string;
  /** Paths asked with an accepted token, in order. */
  served: string[];
  close(): Promise<void>;
}

export async function startKubeEndpoint(gate: TokenGate): Promise<KubeEndpoint> {
  const dir = mkdtempSync(join(tmpdir(), 'tokenrelay-kube-'));
  const { key, cert } = selfSignedCert(dir, {
    name: 'tls',
    cn: 'suite kube endpoint',
    days: 2,
    san: 'IP:127.0.0.1',
  });
  const served: string[] = [];
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    void gate.accepts(bearer).then((ok) => {
      const path = new URL(req.url ?? '/', 'https://x').pathname;
      if (!ok) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(
          '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
        );
        return;
      }
      served.push(path);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (path === '/version') {
        res.end('{"major":"1","minor":"32","gitVersion":"v1.32.4","platform":"linux/amd64"}');
        return;
      }
      res.end(`{"kind":"Status","apiVersion":"v1","status":"Success","message":"hello from ${path}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server: `https://127.0.0.1:${port}`,
    caFile: cert,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** kubectl from the machine image (Debian's kubernetes-client 1.20 speaks only v1beta1). */
export function findKubectl(env: Record<string, string | undefined> = process.env): string {
  const candidates = [env.KUBECTL, '/usr/bin/kubectl', '/usr/local/bin/kubectl'].filter(Boolean) as string[];
  for (const path of candidates) {
    try {
      const out = execFileSync(path, ['version', '--client', '-o', 'json'], {
        stdio: 'pipe',
        encoding: 'utf8',
      });
      const minor = Number.parseInt((JSON.parse(out).clientVersion?.minor as string) ?? '0', 10);
      if (minor >= 22) return path;
    } catch {
      // not there, or not runnable: try the next
    }
  }
  throw new Error(
    `No kubectl 1.22+ found (tried ${candidates.join(', ')}). The machine image ships v1.32 at /usr/bin/kubectl (Google Cloud CLI packages); install it there or point KUBECTL at one. Debian's kubernetes-client (1.20) cannot run client.authentication.k8s.io/v1 exec plugins.`,
  );
}
