/**
 * The import graph of src/, read from the source text: static `import … from`, `export … from`
 * and dynamic `import('…')` (the lazily loaded halves count: a circle through a dynamic import
 * is still a circle). Only relative specifiers are edges; packages are not layers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

export type Graph = Map<string, string[]>;

const SPECIFIER =
  /(?:^\s*(?:import|export)\s[^;]*?\sfrom\s+|\bimport\s*\(\s*(?:\/\*.*?\*\/\s*)?)'([^']+)'/gms;

/** `a\\b.ts` on Windows, where path functions use the backslash: the graph speaks `a/b.ts`. */
const posix = (path: string) => path.split(sep).join('/');

/** Every .ts file under `root`, by its path relative to `root`, with the files it imports. */
export function importGraph(root: string): Graph {
  const graph: Graph = new Map();
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const text = readFileSync(join(root, file), 'utf8');
    const targets = [...text.matchAll(SPECIFIER)]
      .map((m) => m[1]!)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => posix(relative(root, normalize(join(root, dirname(file), spec)))));
    graph.set(posix(file), [...new Set(targets)]);
  }
  return graph;
}

/** The layer of a file: its first folder under src/. */
export const layerOf = (file: string): string => file.split('/')[0]!;

/** Imports from one layer into another that `allowed` does not list. */
export function layerViolations(
  graph: Graph,
  allowed: Readonly<Record<string, readonly string[]>>,
): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const [a, b] = [layerOf(from), layerOf(to)];
      if (a === b) continue;
      if (!(a in allowed)) out.push(`${from}: its layer '${a}' is not in the layer table`);
      else if (!allowed[a]!.includes(b)) out.push(`${from} -> ${to} ('${a}' may not import '${b}')`);
    }
  }
  return out;
}

/** Every circle of imports (strongly connected component of more than one file, or a self-import). */
export function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}
