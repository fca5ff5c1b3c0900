import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that misbehaves on cue: each request takes the next
 * behaviour from a queue. It records every request it receives, so a test can assert what
 * was sent — and, just as often, that nothing was.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Behaviour = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface FaultFront {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  /** host:port, as a URL's `host` would show it. */
  host: string;
  enqueue(...behaviours: Behaviour[]): void;
  requests: RecordedRequest[];
  /** Every TCP connection accepted, including ones that never sent a full request. */
  connections(): number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

export const fault = {
  json(status: number, body: unknown, headers: Record<string, string> = {}): Behaviour {
    return (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
  },

  text(status: number, body: string, contentType: string, headers: Record<string, string> = {}): Behaviour {
    return (_req, res) => {
      res.writeHead(status, { 'content-type': contentType, ...headers });
      res.end(body);
    };
  },

  status429(retryAfter: string | number): Behaviour {
    return fault.json(429, { error: 'slow_down' }, { 'retry-after': String(retryAfter) });
  },

  /** `bytes` of body, chunked unless `declareLength`, written as fast as the client reads. */
  hugeBody(bytes: number, { declareLength = false } = {}): Behaviour {
    return (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(declareLength ? { 'content-length': String(bytes) } : {}),
      });
      let left = bytes;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          const piece = CHUNK.subarray(0, Math.min(CHUNK.length, left));
          left -= piece.length;
          if (!res.write(piece)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      pump();
    };
  },

  /** Headers at once, then the body one byte every `msPerByte`. */
  slowDrip(msPerByte: number, body = '{"access_token":"slow","token_type":"Bearer"}'): Behaviour {
    return (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      let i = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(body.charAt(i++));
        if (i >= body.length) {
          clearInterval(timer);
          res.end();
        }
      }, msPerByte);
      res.on('close', () => clearInterval(timer));
    };
  },

  /** Reads the request and never answers; close() cleans the socket up. */
  neverSendHeaders(): Behaviour {
    return () => {};
  },

  /** Valid headers, a body cut mid-JSON but complete on the wire (the length matches). */
  truncatedJson(): Behaviour {
    return fault.text(200, '{"access_token":"abc","token_ty', 'application/json');
  },

  /** Drops the connection without a byte of answer. */
  reset(): Behaviour {
    return (req) => {
      req.socket.destroy();
    };
  },

  redirect(toUrl: string, code = 307): Behaviour {
    return (_req, res) => {
      res.writeHead(code, { location: toUrl, 'content-type': 'text/plain' });
      res.end(`moved to ${toUrl}`);
    };
  },
};

/** An empty queue answers 599 so a test that under-queues fails loudly, not by hanging. */
const unplanned: Behaviour = (req, res) => {
  res.writeHead(599, { 'content-type': 'text/plain' });
  res.end(`fault front: no behaviour queued for ${req.method} ${req.url}`);
};

export async function startFaultFront(): Promise<FaultFront> {
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  let connections = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      (queue.shift() ?? unplanned)(req, res);
    });
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
