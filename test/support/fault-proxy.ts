import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How a matching GET's response is broken on its way back:
 * - `close-delimited`: sent without `Content-Length` (`Connection: close`, the body ends when
 *   the socket does) and the socket is closed after half the body, so the client sees a
 *   normal end;
 * - `short-body`: sent with the server's `Content-Length`, and the socket is closed after
 *   half the body.
 */
export type FaultKind = 'close-delimited' | 'short-body';

export interface FaultRule {
  kind: FaultKind;
  /** Which GETs to break, by their URL path (percent-encoded, as sent). */
  matches(urlPath: string): boolean;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: use it in place of the server's URL. */
  url: string;
  /** The rules in force; empty forwards everything untouched. */
  rules: FaultRule[];
  /** GETs broken so far (their URL paths). */
  readonly broken: string[];
  close(): Promise<void>;
}

// Hop-by-hop or framing headers: the proxy decides those itself for a broken response.
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/**
 * A small HTTP proxy on 127.0.0.1 in front of a real server (the test Apache), to inject
 * transfer faults a real server can't be asked for: everything is forwarded as it is,
 * except GETs matching a rule, whose body is cut at half (see FaultKind).
 */
export async function startFaultProxy(target: string, rules: FaultRule[] = []): Promise<FaultProxy> {
  const upstream = new URL(target);
  const broken: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = { url: '', rules, broken, close: async () => undefined };

  const server = createServer((req, res) => {
    const rule = req.method === 'GET' ? proxy.rules.find((r) => r.matches(new URL(req.url ?? '/', 'http://x').pathname)) : undefined;
    const out = forward(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        const length = Number(answer.headers['content-length']);
        if (rule === undefined || answer.statusCode !== 200 || !Number.isFinite(length)) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        broken.push(req.url ?? '');
        cutBody(req.socket, answer.statusCode, answer.headers, rule.kind, length, answer);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

/**
 * Writes the response straight to the socket: Node's ServerResponse would add chunked
 * framing to a body without a length, and a close-delimited body is the fault to test.
 */
function cutBody(socket: Socket, status: number, headers: IncomingHttpHeaders, kind: FaultKind, length: number, body: NodeJS.ReadableStream): void {
  const lines = [`HTTP/1.1 ${status} OK`];
  for (const [name, value] of Object.entries(headers)) {
    if (FRAMING.has(name) || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${one}`);
  }
  if (kind === 'short-body') lines.push(`content-length: ${length}`);
  lines.push('connection: close');
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  let left = Math.floor(length / 2);
  body.on('data', (chunk: Buffer) => {
    if (left <= 0) return;
    const part = chunk.subarray(0, left);
    left -= part.length;
    socket.write(part);
    if (left === 0) socket.end(() => socket.destroy()); // the rest is read from upstream and dropped
  });
  body.on('end', () => {
    if (left > 0) socket.destroy(); // shorter than announced: nothing more will come
  });
}
