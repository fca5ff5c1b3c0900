/**
 * The repository's rules for its own GitHub workflows, as one checker the suite runs on every
 * file in .github/workflows (and on broken samples, to prove it can fail):
 * - every `uses:` outside this repository is pinned to a full 40-hex commit SHA with its
 *   release in a comment (`@<sha> # v1.2.3`): a tag can be moved under a workflow, a SHA cannot;
 * - the workflow grants nothing by default (`permissions: {}`) and every job says what it needs;
 * - `id-token: write` and `attestations: write` only in jobs that publish (they attest or
 *   `npm publish`);
 * - no `pull_request_target` (it runs a fork's code with this repository's secrets).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLMap } from 'yaml';

export interface Violation {
  line: number;
  rule: string;
}

const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^\s*v\d+(\.\d+){0,2}\b/;
const PUBLISHING = /actions\/attest-build-provenance@|\bnpm publish\b/;

export function checkWorkflow(text: string): Violation[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: true });
  const found: Violation[] = [];
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? lines.linePos(node.range[0]).line : 0;
  if (doc.errors.length) return doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 0, rule: e.message }));
  const root = doc.contents as YAMLMap;

  const on = root.get('on', true);
  const triggers = isMap(on)
    ? on.items.map((p) => String((p.key as { value: unknown }).value))
    : isSeq(on)
      ? on.items.map((item) => String(isScalar(item) ? item.value : item))
      : [String(isScalar(on) ? on.value : on)];
  if (triggers.includes('pull_request_target'))
    found.push({ line: lineOf(on), rule: 'pull_request_target is not used' });

  const top = root.get('permissions', true);
  if (!isMap(top) || top.items.length > 0)
    found.push({
      line: lineOf(top),
      rule: 'the workflow grants no permissions by default (permissions: {})',
    });

  const jobs = root.get('jobs', true);
  if (!isMap(jobs)) return [...found, { line: 0, rule: 'a workflow has jobs' }];
  for (const pair of jobs.items) {
    const name = String((pair.key as { value: unknown }).value);
    const job = pair.value;
    if (!isMap(job)) continue;
    const permissions = job.get('permissions', true);
    if (permissions === undefined) {
      found.push({ line: lineOf(pair.key as never), rule: `job ${name} says which permissions it needs` });
    }
    const source = text.slice(job.range?.[0] ?? 0, job.range?.[1] ?? 0);
    if (isMap(permissions)) {
      for (const scope of ['id-token', 'attestations']) {
        if (permissions.get(scope) === 'write' && !PUBLISHING.test(source))
          found.push({
            line: lineOf(permissions),
            rule: `job ${name}: ${scope}: write only where it publishes`,
          });
      }
    } else if (permissions !== undefined && !(isScalar(permissions) && permissions.value === 'read-all')) {
      found.push({ line: lineOf(permissions), rule: `job ${name}: permissions are listed per scope` });
    }
    const uses = [
      job.get('uses', true),
      ...(isSeq(job.get('steps')) ? (job.get('steps') as { items: unknown[] }).items : []).map((s) =>
        isMap(s) ? s.get('uses', true) : undefined,
      ),
    ];
    for (const node of uses) {
      if (!isScalar(node) || typeof node.value !== 'string') continue;
      const ref = node.value;
      if (ref.startsWith('./')) continue;
      if (ref.startsWith('docker://')) {
        if (!/@sha256:[0-9a-f]{64}$/.test(ref))
          found.push({ line: lineOf(node), rule: `${ref} is pinned by digest` });
        continue;
      }
      if (!PINNED.test(ref))
        found.push({ line: lineOf(node), rule: `${ref} is pinned to a full commit SHA` });
      else if (!VERSION_COMMENT.test(node.comment ?? ''))
        found.push({ line: lineOf(node), rule: `${ref} has its version in a comment (# v1.2.3)` });
    }
  }
  return found;
}
