import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One request the tap saw, and how the server answered it. */
export interface TappedRequest {
  readonly method: string;
  /** Decoded path below the server root (`/remote.php/dav/files/<user>/…`). */
  readonly path: string;
  /** A MOVE's or COPY's decoded destination path. */
  readonly destination?: string;
  status?: number;
  /** The response body has been passed on whole. */
  finished: boolean;
}

/** A request held by the tap: nothing more goes to the server or the client until release or drop. */
export interface HeldRequest {
  readonly request: TappedRequest;
  /** Forwards it (or the rest of its response) after all. */
  release(): void;
  /** Cuts the client's connection; the held part never reaches its target. */
  drop(): void;
}

export type HoldMode =
  /** The request is not forwarded at all (a MOVE that never reaches the server). */
  | 'request'
  /** Forwarded; the response's headers and half its body reach the client, then it stalls (a download in progress). */
  | 'half-response';

interface Hold {
  match: (request: TappedRequest) => boolean;
  mode: HoldMode;
  resolve: (held: HeldRequest) => void;
}

export interface WebDavTap {
  /** `http://127.0.0.1:<port>`: the server's URL for the workers (or for a fault proxy in front). */
  readonly url: string;
  readonly requests: readonly TappedRequest[];
  /** Holds the next request that matches (once), resolving when it arrives. */
  hold(match: (request: TappedRequest) => boolean, mode: HoldMode): Promise<HeldRequest>;
  /** Resolves at the first request (seen or to come) that matches and has finished. */
  waitFor(match: (request: TappedRequest) => boolean, timeoutMs?: number): Promise<TappedRequest>;
  /** MOVEs the server carried out (2xx) to each destination path. */
  movesTo(destination: string): number;
  close(): Promise<void>;
}

const decode = (path: string): string => {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
};

/**
 * A pass-through HTTP proxy right in front of the test Apache, which counts what the server
 * really did (a MOVE that answered 2xx renamed a file) and lets a scenario stop a request at a
 * chosen point to kill a worker there. A fault proxy goes in front of it, never behind: the
 * counts are the server's truth. Destination headers are rewritten to the server's address,
 * which mod_dav requires.
 */
export async function startWebDavTap(target: string): Promise<WebDavTap> {
  const upstream = new URL(target);
  const requests: TappedRequest[] = [];
  const holds: Hold[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const wake of waiters) wake();
  };

  const takeHold = (tapped: TappedRequest): Hold | undefined => {
    const index = holds.findIndex((h) => h.match(tapped));
    return index === -1 ? undefined : holds.splice(index, 1)[0];
  };

  const send = (req: IncomingMessage, res: ServerResponse, tapped: TappedRequest, hold: Hold | undefined) => {
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: upstream.host };
    if (typeof req.headers.destination === 'string') {
      const destination = new URL(req.headers.destination, target);
      destination.host = upstream.host;
      destination.protocol = upstream.protocol;
      headers.destination = destination.toString();
    }
    const out = forward({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      tapped.status = answer.statusCode;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      const length = Number(answer.headers['content-length']);
      if (hold?.mode !== 'half-response' || !Number.isFinite(length) || length < 2) {
        answer.pipe(res);
        answer.on('end', () => {
          tapped.finished = true;
          notify();
        });
        return;
      }
      let left = Math.floor(length / 2);
      let released = false;
      const onData = (chunk: Buffer) => {
        if (released) return;
        const part = chunk.subarray(0, left);
        left -= part.length;
        res.write(part);
        if (left > 0) return;
        answer.pause();
        released = true;
        answer.off('data', onData);
        const rest = chunk.subarray(part.length);
        hold.resolve({
          request: tapped,
          release: () => {
            if (rest.length > 0) res.write(rest);
            answer.pipe(res);
            answer.resume();
          },
          drop: () => {
            answer.destroy();
            req.socket.destroy();
          },
        });
      };
      answer.on('data', onData);
      answer.on('end', () => {
        tapped.finished = true;
        notify();
      });
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    const destinationHeader = typeof req.headers.destination === 'string' ? req.headers.destination : undefined;
    const tapped: TappedRequest = {
      method: req.method ?? 'GET',
      path: decode(new URL(req.url ?? '/', 'http://x').pathname),
      ...(destinationHeader ? { destination: decode(new URL(destinationHeader, target).pathname) } : {}),
      finished: false,
    };
    requests.push(tapped);
    notify();
    const hold = takeHold(tapped);
    if (hold?.mode === 'request') {
      req.pause();
      hold.resolve({ request: tapped, release: () => send(req, res, tapped, undefined), drop: () => req.socket.destroy() });
      return;
    }
    send(req, res, tapped, hold);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hold: (match, mode) => new Promise((resolve) => holds.push({ match, mode, resolve })),
    async waitFor(match, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = requests.find((r) => r.finished && match(r));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching WebDAV request within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 200);
          waiters.add(wake);
        });
      }
    },
    movesTo: (destination) => requests.filter((r) => r.method === 'MOVE' && r.destination?.endsWith(destination) && r.status !== undefined && r.status < 300).length,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
