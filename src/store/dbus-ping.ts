import type { Socket } from 'node:net';
import { join } from 'node:path';

/**
 * Asks the session bus whether a Secret Service answers, in plain JavaScript and under a deadline.
 *
 * Why not just call the keyring library: on Linux its constructor talks D-Bus synchronously,
 * and against a hung bus it blocks the whole event loop for libdbus's 25 s reply timeout — no
 * JavaScript timeout can interrupt that. So we first send `Peer.Ping` to org.freedesktop.secrets
 * ourselves (which also starts an activatable keyring daemon, as the library would), and only
 * touch the library once something has answered.
 */
export type PingResult = { ok: true } | { ok: false; reason: string } | { ok: 'unknown'; reason: string };

type Env = Record<string, string | undefined>;

export async function pingSecretService(env: Env, timeoutMs: number): Promise<PingResult> {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) return { ok: false, reason: 'no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set' };
  const target = parseAddress(address, env);
  if (!target) return { ok: 'unknown', reason: `unsupported D-Bus address ${address}` };
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined) return { ok: 'unknown', reason: 'no uid to authenticate with' };

  return new Promise<PingResult>((resolve) => {
    // node:net on first use: without a bus (CI, containers) start-up does not pay for it.
    const { connect } = process.getBuiltinModule('node:net');
    const socket: Socket = 'path' in target ? connect(target.path) : connect(target.port, target.host);
    let buffer = Buffer.alloc(0);
    let authenticated = false;
    const finish = (result: PingResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          reason: `the D-Bus session bus or the Secret Service did not answer within ${timeoutMs} ms`,
        }),
      timeoutMs,
    );
    socket.on('error', (e: NodeJS.ErrnoException) =>
      finish({ ok: false, reason: `cannot connect to the D-Bus session bus (${e.code ?? e.message})` }),
    );
    socket.on('close', () => finish({ ok: false, reason: 'the D-Bus session bus closed the connection' }));
    socket.on('connect', () => {
      socket.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${hex(String(uid))}\r\n`)]));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!authenticated) {
        const end = buffer.indexOf('\r\n');
        if (end < 0) return;
        const line = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 2);
        if (!line.startsWith('OK '))
          return finish({ ok: 'unknown', reason: `D-Bus authentication: ${line}` });
        authenticated = true;
        socket.write(
          Buffer.concat([
            Buffer.from('BEGIN\r\n'),
            methodCall(1, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello'),
            methodCall(
              2,
              'org.freedesktop.secrets',
              '/org/freedesktop/secrets',
              'org.freedesktop.DBus.Peer',
              'Ping',
            ),
          ]),
        );
      }
      for (;;) {
        const message = takeMessage(buffer);
        if (!message) return;
        buffer = buffer.subarray(message.length);
        if (message.replySerial !== 2) continue;
        if (message.type === METHOD_RETURN) return finish({ ok: true });
        if (message.error === 'org.freedesktop.DBus.Error.ServiceUnknown') {
          return finish({
            ok: false,
            reason: 'no Secret Service (gnome-keyring, KWallet, KeePassXC) on the session bus',
          });
        }
        // Any other error is still an answer from a running service (e.g. one without Peer).
        return finish({ ok: true });
      }
    });
  });
}

type Target = { path: string } | { host: string; port: number };

/** The first usable entry of a D-Bus server address list ("unix:path=...;tcp:host=...,port=..."). */
export function parseAddress(address: string, env: Env): Target | undefined {
  for (const entry of address.split(';')) {
    const colon = entry.indexOf(':');
    const transport = entry.slice(0, colon);
    const params = new Map<string, string>();
    for (const pair of entry.slice(colon + 1).split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) params.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1)));
    }
    if (transport === 'unix') {
      const path = params.get('path');
      if (path) return { path };
      const abstract = params.get('abstract');
      if (abstract) return { path: `\0${abstract}` };
      if (params.get('runtime') === 'yes' && env.XDG_RUNTIME_DIR)
        return { path: join(env.XDG_RUNTIME_DIR, 'bus') };
    } else if (transport === 'tcp') {
      const port = Number(params.get('port'));
      if (port > 0) return { host: params.get('host') || 'localhost', port };
    }
  }
  return undefined;
}

const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex');

const METHOD_CALL = 1;
const METHOD_RETURN = 2;
const FIELD = { path: 1, interface: 2, member: 3, errorName: 4, replySerial: 5, destination: 6 } as const;

/** A little-endian METHOD_CALL without a body. Alignment is relative to the message start. */
export function methodCall(
  serial: number,
  destination: string,
  path: string,
  iface: string,
  member: string,
): Buffer {
  const bytes: number[] = [0x6c, METHOD_CALL, 0, 1, 0, 0, 0, 0, ...u32(serial), 0, 0, 0, 0];
  const pad = (n: number) => {
    while (bytes.length % n !== 0) bytes.push(0);
  };
  const field = (code: number, signature: 'o' | 's', value: string) => {
    pad(8);
    bytes.push(code, 1, signature.charCodeAt(0), 0);
    pad(4);
    const utf8 = Buffer.from(value, 'utf8');
    bytes.push(...u32(utf8.length), ...utf8, 0);
  };
  field(FIELD.path, 'o', path);
  field(FIELD.interface, 's', iface);
  field(FIELD.member, 's', member);
  field(FIELD.destination, 's', destination);
  const fieldsLength = bytes.length - 16;
  bytes.splice(12, 4, ...u32(fieldsLength));
  pad(8);
  return Buffer.from(bytes);
}

const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

interface Message {
  length: number;
  type: number;
  replySerial?: number;
  error?: string;
}

/** The next complete message at the start of `buffer`, reading only the header fields we need. */
export function takeMessage(buffer: Buffer): Message | undefined {
  if (buffer.length < 16) return undefined;
  const le = buffer[0] === 0x6c;
  const u32At = (o: number) => (le ? buffer.readUInt32LE(o) : buffer.readUInt32BE(o));
  const bodyLength = u32At(4);
  const fieldsLength = u32At(12);
  const headerEnd = 16 + fieldsLength;
  const length = Math.ceil(headerEnd / 8) * 8 + bodyLength;
  if (buffer.length < length) return undefined;
  const message: Message = { length, type: buffer[1] ?? 0 };
  let o = 16;
  while (o < headerEnd) {
    o = Math.ceil(o / 8) * 8;
    const code = buffer[o] ?? 0;
    const sigLength = buffer[o + 1] ?? 0;
    const signature = buffer.toString('latin1', o + 2, o + 2 + sigLength);
    o += 3 + sigLength;
    if (signature === 'u') {
      o = Math.ceil(o / 4) * 4;
      if (code === FIELD.replySerial) message.replySerial = u32At(o);
      o += 4;
    } else if (signature === 's' || signature === 'o') {
      o = Math.ceil(o / 4) * 4;
      const n = u32At(o);
      if (code === FIELD.errorName) message.error = buffer.toString('utf8', o + 4, o + 4 + n);
      o += 5 + n;
    } else if (signature === 'g') {
      o += 2 + (buffer[o] ?? 0);
    } else {
      break; // not a header field type; the rest of the header does not matter to us
    }
  }
  return message;
}
