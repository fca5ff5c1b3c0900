import { usageError } from '../core/errors.ts';

const MAX_PORTS = 100;

/**
 * `--port 8765-8769`, `--port 8765,8766`, or both mixed (`8765-8767,9000`), in order and
 * without repeats. For servers that only accept redirect URIs registered with a fixed port.
 */
export function parsePortList(text: string): number[] {
  const ports: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
    if (!match) throw bad(text);
    const from = port(match[1]!, text);
    const to = match[2] === undefined ? from : port(match[2], text);
    if (to < from) throw bad(text, `the range ${from}-${to} runs backwards`);
    for (let p = from; p <= to; p++) {
      if (!ports.includes(p)) ports.push(p);
      if (ports.length > MAX_PORTS) throw bad(text, `more than ${MAX_PORTS} ports`);
    }
  }
  return ports;
}

function port(digits: string, text: string): number {
  const n = Number(digits);
  if (n < 1 || n > 65_535) throw bad(text, `${digits} is not a port number`);
  return n;
}

function bad(text: string, why?: string) {
  return usageError(
    `--port '${text.slice(0, 60)}' is not a port list${why ? ` (${why})` : ''}.`,
    'Give ports and ranges separated by commas, e.g. --port 8765-8769 or --port 8765,8766.',
  );
}

/** "8765, 8766 and 8767" — capped so a long range stays one readable line. */
export function describePorts(ports: readonly number[]): string {
  if (ports.length > 6) return `${ports.slice(0, 5).join(', ')} … ${ports.at(-1)} (${ports.length} ports)`;
  if (ports.length === 1) return String(ports[0]);
  return `${ports.slice(0, -1).join(', ')} and ${ports.at(-1)}`;
}
