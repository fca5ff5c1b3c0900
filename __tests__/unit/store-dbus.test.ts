import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { methodCall, parseAddress, takeMessage } from '../../src/store/dbus-ping.ts';

describe('D-Bus address parsing', () => {
  it.each([
    ['unix:path=/run/user/1000/bus', { path: '/run/user/1000/bus' }],
    ['unix:abstract=/tmp/dbus-abc,guid=0123', { path: '\0/tmp/dbus-abc' }],
    ['unix:path=/tmp/a%20b', { path: '/tmp/a b' }],
    ['launchd:env=X;unix:path=/second', { path: '/second' }],
    ['tcp:host=127.0.0.1,port=5555', { host: '127.0.0.1', port: 5555 }],
    ['unix:runtime=yes', { path: join('/run/user/7', 'bus') }],
  ])('%s', (address, target) => {
    expect(parseAddress(address, { XDG_RUNTIME_DIR: '/run/user/7' })).toEqual(target);
  });

  it('gives up on transports it cannot reach', () => {
    expect(parseAddress('launchd:env=DBUS_LAUNCHD_SESSION_BUS_SOCKET', {})).toBeUndefined();
  });
});

describe('D-Bus message framing', () => {
  it('writes a method call that a reader frames back, 8-byte aligned', () => {
    const call = methodCall(
      2,
      'org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.DBus.Peer',
      'Ping',
    );
    expect(call.length % 8).toBe(0);
    expect([...call.subarray(0, 4)]).toEqual([0x6c, 1, 0, 1]);
    expect(call.readUInt32LE(8)).toBe(2); // serial
    const framed = takeMessage(Buffer.concat([call, Buffer.from([0x6c])]));
    expect(framed).toEqual({ length: call.length, type: 1 });
    expect(call.toString('latin1')).toContain('org.freedesktop.DBus.Peer\0');
  });

  it('reads reply serial and error name from an error reply, and waits for a whole message', () => {
    // An ERROR (type 3) reply: REPLY_SERIAL u 2, ERROR_NAME s, body empty.
    const name = 'org.freedesktop.DBus.Error.ServiceUnknown';
    const fields: number[] = [5, 1, 0x75, 0, 2, 0, 0, 0];
    fields.push(4, 1, 0x73, 0, ...u32(name.length), ...Buffer.from(name), 0);
    const header = [0x6c, 3, 1, 1, ...u32(0), ...u32(9), ...u32(fields.length), ...fields];
    while (header.length % 8) header.push(0);
    const reply = Buffer.from(header);
    expect(takeMessage(reply)).toEqual({ length: reply.length, type: 3, replySerial: 2, error: name });
    expect(takeMessage(reply.subarray(0, reply.length - 3))).toBeUndefined();
  });
});

function u32(n: number): number[] {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return [...b];
}
