/**
 * A self-signed certificate for the suite's HTTPS servers, made by openssl (an EC P-256 key,
 * no passphrase), so each server trusts exactly what it was told to and nothing else.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface SelfSigned {
  /** The key file (PEM, unencrypted). */
  key: string;
  /** The certificate file (PEM), also the CA a client trusts. */
  cert: string;
}

/** Writes `<name>.key` and `<name>.crt` into `dir`; `san` e.g. `IP:127.0.0.1` or `DNS:host`. */
export function selfSignedCert(
  dir: string,
  opts: { name: string; cn: string; days: number; san?: string },
): SelfSigned {
  const key = join(dir, `${opts.name}.key`);
  const cert = join(dir, `${opts.name}.crt`);
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', key, '-out', cert, '-days', String(opts.days), '-subj', `/CN=${opts.cn}`],
      ...(opts.san ? ['-addext', `subjectAltName=${opts.san}`] : []),
    ],
    { stdio: 'pipe' },
  );
  return { key, cert };
}
