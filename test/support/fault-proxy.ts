import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
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
  /** Break at most this many (default: every matching 200 answer). */
  times?: number;
}

/**
 * Faults drawn per request from a seeded PRNG, at most one per request, in this order:
 * - `status503Rate`: the proxy answers 503 itself (with `Retry-After: retryAfterSeconds` if set);
 * - `resetRate`: a GET's answer is forwarded up to a random point of its body and the client
 *   socket destroyed; any other request is forwarded, and the socket destroyed once the
 *   server has answered (so the request ran, but the client never hears it did);
 * - `slowRate`: the request is held `slowMs` before it is forwarded.
 */
export interface RandomFaults {
  status503Rate: number;
  resetRate: number;
  slowRate: number;
  slowMs: number;
  retryAfterSeconds?: number;
  seed?: number;
}

export interface InjectedFaults {
  status503: number;
  reset: number;
  slow: number;
}

/** One request as the proxy saw it. */
export interface ProxiedRequest {
  readonly method: string;
  /** URL path, percent-encoded as sent. */
  readonly path: string;
  /** The path of a MOVE's or COPY's `Destination`. */
  readonly destination?: string;
  readonly range?: string;
  readonly ifRange?: string;
  /** What the proxy did to it, if anything. */
  fault?: 'answered' | 'cut' | keyof InjectedFaults;
  /** The status the client was sent (undefined when the socket was destroyed before). */
  status?: number;
}

/** The proxy's own answer to a request (`answer` hook): the server never sees it. */
export interface ProxyAnswer {
  status: number;
  headers?: Record<string, string>;
}

/** `full`: forwarded as is; `none`: no `Accept-Ranges` advertised and ranges dropped; `ignored`: advertised, yet every GET is answered whole. */
export type RangeSupport = 'full' | 'none' | 'ignored';

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: use it in place of the server's URL. */
  url: string;
  /** The rules in force; empty forwards everything untouched. */
  rules: FaultRule[];
  /** GETs broken by rules so far (their URL paths). */
  readonly broken: string[];
  /** Answers matching requests itself (e.g. 500 to one MOVE); undefined forwards. */
  answer: ((request: ProxiedRequest) => ProxyAnswer | undefined) | undefined;
  /** Resets matching requests as a random reset would (GET: mid-body; others: once the server answered). */
  reset: ((request: ProxiedRequest) => boolean) | undefined;
  rangeSupport: RangeSupport;
  /** Every request, in arrival order. */
  readonly log: ProxiedRequest[];
  /** Random faults injected so far, per kind. */
  readonly injected: InjectedFaults;
  /** Starts (or, with undefined, stops) random faults; the PRNG restarts from `faults.seed` (default 1). */
  injectRandomFaults(faults: RandomFaults | undefined): void;
  close(): Promise<void>;
}

// Hop-by-hop or framing headers: the proxy decides those itself for a broken response.
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

/** mulberry32: small, fast and good enough to spread faults; the same seed replays the same draws. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pathOf = (url: string | undefined) => new URL(url ?? '/', 'http://x').pathname;
const headerOf = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * A small HTTP proxy on 127.0.0.1 in front of a real server (the test Apache), to inject
 * faults a real server can't be asked for: everything is forwarded as it is, except what
 * the `answer` hook answers, GETs matching a rule (body cut at half, see FaultKind), and
 * random faults once `injectRandomFaults` is called.
 */
export async function startFaultProxy(target: string, rules: FaultRule[] = []): Promise<FaultProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const used = new Map<FaultRule, number>();
  let faults: RandomFaults | undefined;
  let draw = seededRandom(1);
  const proxy: FaultProxy = {
    url: '',
    rules,
    broken: [],
    answer: undefined,
    reset: undefined,
    rangeSupport: 'full',
    log: [],
    injected: { status503: 0, reset: 0, slow: 0 },
    injectRandomFaults(next) {
      faults = next;
      draw = seededRandom(next?.seed ?? 1);
    },
    close: async () => undefined,
  };

  const answerHeaders = (headers: IncomingHttpHeaders): IncomingHttpHeaders => {
    if (proxy.rangeSupport !== 'none') return headers;
    const rest = { ...headers };
    delete rest['accept-ranges'];
    return rest;
  };

  /** Forwards the request (its body from `body` when it was already read, else streamed) and relays or breaks the answer. */
  const send = (req: IncomingMessage, res: ServerResponse, seen: ProxiedRequest, reset?: 'mid-body' | 'after-answer', body?: Buffer) => {
    const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
    if (proxy.rangeSupport !== 'full') {
      delete headers.range;
      delete headers['if-range'];
    }
    const rule = req.method === 'GET' ? proxy.rules.find((r) => r.matches(seen.path) && (used.get(r) ?? 0) < (r.times ?? Infinity)) : undefined;
    const out = forward({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      const length = Number(answer.headers['content-length']);
      if (reset === 'after-answer') {
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      if (rule !== undefined && answer.statusCode === 200 && Number.isFinite(length)) {
        used.set(rule, (used.get(rule) ?? 0) + 1);
        proxy.broken.push(req.url ?? '');
        seen.fault = 'cut';
        seen.status = 200;
        cutBody(req.socket, 200, answerHeaders(answer.headers), rule.kind, length, answer);
        return;
      }
      seen.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answerHeaders(answer.headers));
      if (reset === 'mid-body') {
        // At least one byte when there is a body: a reset before the body is a reset before answering.
        let left = Number.isFinite(length) && length > 1 ? 1 + Math.floor(draw() * (length - 1)) : 0;
        if (left === 0) {
          answer.resume();
          return void req.socket.destroy();
        }
        answer.on('data', (chunk: Buffer) => {
          if (left <= 0) return;
          const part = chunk.subarray(0, left);
          left -= part.length;
          if (left > 0) return void res.write(part);
          res.write(part, () => req.socket.destroy());
        });
        answer.on('end', () => req.socket.destroy());
        return;
      }
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    if (body === undefined) req.pipe(out);
    else out.end(body);
  };

  const server = createServer((req, res) => {
    const destination = headerOf(req.headers, 'destination');
    const seen: ProxiedRequest = {
      method: req.method ?? '',
      path: pathOf(req.url),
      ...(destination === undefined ? {} : { destination: pathOf(destination) }),
      ...(req.headers.range === undefined ? {} : { range: req.headers.range }),
      ...(req.headers['if-range'] === undefined ? {} : { ifRange: headerOf(req.headers, 'if-range') }),
    };
    proxy.log.push(seen);
    const own = proxy.answer?.(seen);
    if (own !== undefined) {
      seen.fault = 'answered';
      return void answerItself(req, res, seen, own);
    }
    if (proxy.reset?.(seen)) {
      seen.fault = 'reset';
      return void send(req, res, seen, req.method === 'GET' ? 'mid-body' : 'after-answer');
    }
    const rule = req.method === 'GET' && proxy.rules.some((r) => r.matches(seen.path));
    if (faults === undefined || rule) return void send(req, res, seen);
    const roll = draw();
    if (roll < faults.status503Rate) {
      proxy.injected.status503++;
      seen.fault = 'status503';
      const headers: Record<string, string> = faults.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(faults.retryAfterSeconds) };
      return void answerItself(req, res, seen, { status: 503, headers });
    }
    if (roll < faults.status503Rate + faults.resetRate) {
      proxy.injected.reset++;
      seen.fault = 'reset';
      return void send(req, res, seen, req.method === 'GET' ? 'mid-body' : 'after-answer');
    }
    if (roll < faults.status503Rate + faults.resetRate + faults.slowRate) {
      proxy.injected.slow++;
      seen.fault = 'slow';
      // The body is read meanwhile, so that a client giving up (its idle timeout) is noticed:
      // its request is dropped, not delivered late (see the README on late requests).
      const chunks: Buffer[] = [];
      let isGone = false;
      req.socket.once('close', () => (isGone = true));
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      const read = new Promise((resolve) => req.once('end', resolve));
      return void setTimeout(() => void read.then(() => (isGone ? undefined : send(req, res, seen, undefined, Buffer.concat(chunks)))), faults.slowMs);
    }
    send(req, res, seen);
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

function answerItself(req: IncomingMessage, res: ServerResponse, seen: ProxiedRequest, answer: ProxyAnswer): void {
  req.resume(); // an upload's body is read and dropped
  seen.status = answer.status;
  res.writeHead(answer.status, { 'Content-Length': '0', ...answer.headers });
  res.end();
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
