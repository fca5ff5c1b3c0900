/**
 * kubectl's exec credential plugin protocol (client.authentication.k8s.io): kubectl describes
 * the call in KUBERNETES_EXEC_INFO and reads an ExecCredential from stdout.
 */
import { usageError } from '../core/errors.ts';
import { rfc3339, type Token } from '../core/token.ts';

export const EXEC_API_VERSIONS = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

export interface ExecInfo {
  apiVersion: string;
  /** kubectl may ask the user (interactiveMode IfAvailable/Always with a terminal). */
  interactive: boolean;
  /** spec.cluster.server, when the kubeconfig user sets provideClusterInfo: true. */
  server?: string;
}

/** KUBERNETES_EXEC_INFO, or v1 non-interactive when run by hand (or by a kubectl that sends none). */
export function parseExecInfo(raw: string | undefined): ExecInfo {
  if (!raw?.trim()) return { apiVersion: EXEC_API_VERSIONS[0]!, interactive: false };
  let v: { apiVersion?: unknown; spec?: { interactive?: unknown; cluster?: { server?: unknown } } };
  try {
    v = JSON.parse(raw);
  } catch {
    throw usageError(
      'KUBERNETES_EXEC_INFO is not JSON.',
      'Run tokenrelay credential kubectl from kubectl (a kubeconfig exec user), or unset the variable.',
    );
  }
  const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : EXEC_API_VERSIONS[0]!;
  if (!EXEC_API_VERSIONS.includes(apiVersion)) {
    throw usageError(
      `kubectl asked for ExecCredential ${apiVersion}; tokenrelay answers ${EXEC_API_VERSIONS.join(' and ')}.`,
      'Set apiVersion: client.authentication.k8s.io/v1 in the kubeconfig exec user.',
    );
  }
  const server = v.spec?.cluster?.server;
  return {
    apiVersion,
    interactive: v.spec?.interactive === true,
    ...(typeof server === 'string' && server ? { server } : {}),
  };
}

/** Without an expiry kubectl keeps the token for the whole process; with one, it asks again after it. */
export function formatExecCredential(info: ExecInfo, token: Token): string {
  const status: Record<string, string> = { token: token.accessToken };
  if (token.expiresAt) status.expirationTimestamp = rfc3339(token.expiresAt);
  return `${JSON.stringify({ apiVersion: info.apiVersion, kind: 'ExecCredential', status })}\n`;
}
