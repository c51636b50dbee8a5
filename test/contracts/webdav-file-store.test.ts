import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RetryEvent } from '../../src/retry/retry-transient.js';
import { WebDavFileStore, WebDavRequestError, davRootUrl } from '../../src/adapters/storage/webdav-file-store.js';
import { ConfigError, CredentialsRejectedError, NotFoundError, UpstreamUnavailableError } from '../../src/errors.js';
import { FAULT_503_FOLDER } from '../support/apache-webdav.js';
import { startFaultProxy, type FaultKind, type FaultProxy } from '../support/fault-proxy.js';
import { fileStoreContract } from './file-store.contract.js';

const webdav = inject('webdav');
const onDisk = (...segments: string[]) => join(webdav.rootDir, ...segments);

fileStoreContract('WebDAV (Apache, ownCloud layout)', async () => ({
  store: new WebDavFileStore({ url: webdav.url, user: webdav.user, password: webdav.password }),
  listFolder: (folder) => readdir(onDisk(folder)),
  // A proxy answering 500 to every MOVE onto `path`, with few and short retries.
  breakMoveInto: async (path) => {
    const proxy = await startFaultProxy(webdav.url);
    proxy.answer = (request) => (request.method === 'MOVE' && decodeURIComponent(request.destination ?? '').endsWith(`/${path}`) ? { status: 500 } : undefined);
    const store = new WebDavFileStore({ url: proxy.url, user: webdav.user, password: webdav.password, retry: { attempts: 2, baseDelayMs: 1 } });
    return { store, heal: () => proxy.close() };
  },
}));

describe('davRootUrl', () => {
  it.each([
    ['http://h:8080', 'ana', 'http://h:8080/remote.php/dav/files/ana/'],
    ['http://h:8080/', 'ana', 'http://h:8080/remote.php/dav/files/ana/'],
    ['https://h/owncloud', 'ana', 'https://h/owncloud/remote.php/dav/files/ana/'],
    ['https://h/remote.php/webdav', 'ana', 'https://h/remote.php/webdav/'],
    ['https://h/remote.php/webdav/', 'ana', 'https://h/remote.php/webdav/'],
    ['https://h/remote.php/dav/files/ana', 'ana', 'https://h/remote.php/dav/files/ana/'],
    ['https://h/remote.php/dav/files/4f1c-id/', 'ana@x.com', 'https://h/remote.php/dav/files/4f1c-id/'],
    ['https://h', 'ana@x.com', 'https://h/remote.php/dav/files/ana%40x.com/'],
    ['https://u:secret@h/', 'ana', 'https://h/remote.php/dav/files/ana/'],
  ])('davRootUrl(%j, %j)', (url, user, want) => expect(davRootUrl(url, user)).toBe(want));

  it('rejects a URL that is not one, without echoing its credentials', () => {
    expect(() => davRootUrl('not a url', 'ana')).toThrow(ConfigError);
    const error = (() => {
      try {
        davRootUrl('ht tp://u:secret@h', 'ana');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).not.toContain('secret');
  });
});

describe('WebDavFileStore against Apache', () => {
  const credentials = { url: webdav.url, user: webdav.user, password: webdav.password };
  const store = new WebDavFileStore(credentials);
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'higia-webdav-test-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });
  const folderFor = () => `webdav-${randomBytes(4).toString('hex')}`;
  const localFile = async (content: string | Buffer) => {
    const path = join(scratch, randomBytes(4).toString('hex'));
    await writeFile(path, content);
    return path;
  };

  it('writes files where ownCloud keeps them: under the user root on disk', async () => {
    const folder = folderFor();
    await store.publish(await localFile('cpf;nome\n'), `${folder}/finalizado/saída #1.csv`);
    expect(await readFile(onDisk(folder, 'finalizado', 'saída #1.csv'), 'utf8')).toBe('cpf;nome\n');
  });

  it('reads a file that appeared on disk, through the legacy /remote.php/webdav URL too', async () => {
    const folder = folderFor();
    await store.publish(await localFile('seed'), `${folder}/seed.txt`);
    await writeFile(onDisk(folder, 'entrada.csv'), 'a;b\n1;2\n');
    const legacy = new WebDavFileStore({ url: `${webdav.url}/remote.php/webdav/`, user: webdav.user, password: webdav.password });
    await expect(legacy.check()).resolves.toBeUndefined();
    expect(await legacy.stat(`${folder}/entrada.csv`)).toMatchObject({ size: 8 });
    const target = join(scratch, 'legacy.csv');
    await legacy.download(`${folder}/entrada.csv`, target);
    expect(await readFile(target, 'utf8')).toBe('a;b\n1;2\n');
    await legacy.publish(await localFile('via legacy'), `${folder}/legacy/out.csv`);
    expect(await readFile(onDisk(folder, 'legacy', 'out.csv'), 'utf8')).toBe('via legacy');
  });

  it('answers a wrong password with CredentialsRejectedError that does not reveal the password', async () => {
    const password = `wrong-${randomBytes(6).toString('hex')}`;
    const wrong = new WebDavFileStore({ url: webdav.url, user: webdav.user, password });
    const error = await wrong.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsRejectedError);
    expect((error as Error).message).toMatch(/rejected the credentials/);
    expect((error as Error).message).not.toContain(password);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(password);
    await expect(wrong.stat('anything.csv')).rejects.toBeInstanceOf(CredentialsRejectedError);
  });

  it('retries a 503 from the server, then gives up with a retryable UpstreamUnavailableError', async () => {
    const retries: RetryEvent[] = [];
    const quick = new WebDavFileStore({ ...credentials, retry: { attempts: 3, baseDelayMs: 1 }, onRetry: (event) => retries.push(event) });
    const error = await quick.stat(`${FAULT_503_FOLDER}/clientes.csv`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).retryable).toBe(true);
    expect((error as Error).message).toMatch(/HTTP 503 .*gave up after 3 attempts/);
    expect(retries.map((r) => [r.operation, r.attempt])).toEqual([['stat', 1], ['stat', 2]]);
    await expect(quick.publish(await localFile('x'), `${FAULT_503_FOLDER}/sub/out.csv`)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(retries.map((r) => r.operation).slice(2)).toEqual(['mkcol', 'mkcol']);
  });

  it('treats a file locked by another WebDAV client (423) as a passing condition', async () => {
    const folder = folderFor();
    await store.publish(await localFile('old'), `${folder}/locked.csv`);
    // A real LOCK, as a desktop client holds while it uploads; our write has no lock token.
    const lock = await fetch(`${store.rootUrl}${folder}/locked.csv`, {
      method: 'LOCK',
      headers: {
        authorization: `Basic ${Buffer.from(`${webdav.user}:${webdav.password}`).toString('base64')}`,
        'content-type': 'application/xml',
        timeout: 'Second-60',
      },
      body: '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>',
    });
    expect(lock.status).toBe(200);
    const retries: RetryEvent[] = [];
    const quick = new WebDavFileStore({ ...credentials, retry: { attempts: 3, baseDelayMs: 1 }, onRetry: (event) => retries.push(event) });
    const error = await quick.publish(await localFile('new'), `${folder}/locked.csv`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).message).toContain('423');
    expect(retries.map((r) => r.operation)).toEqual(['move', 'move']);
    expect(await readFile(onDisk(folder, 'locked.csv'), 'utf8')).toBe('old');
    expect(await readdir(onDisk(folder))).toEqual(['locked.csv']); // the upload's temporary file was removed
  });

  it('turns a refused connection into UpstreamUnavailableError', async () => {
    const port = await closedPort();
    let retries = 0;
    const down = new WebDavFileStore({ url: `http://127.0.0.1:${port}`, user: 'u', password: 'p', retry: { attempts: 2, baseDelayMs: 1 }, onRetry: () => retries++ });
    const error = await down.check().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(retries).toBe(0); // the readiness probe answers for now
    await expect(down.stat('work/x.csv')).rejects.toThrow(/ECONNREFUSED.*gave up after 2 attempts/);
    expect(retries).toBe(1);
  });

  it('gives up on a server that accepts and never answers, within timeoutMs per attempt', async () => {
    // A fake: a real server can't be made to hang on demand.
    const silent = await silentServer();
    try {
      const hanging = new WebDavFileStore({ url: silent.url, user: 'u', password: 'p', timeoutMs: 300, retry: { attempts: 2, baseDelayMs: 1 } });
      const started = performance.now();
      const error = await hanging.stat('work/x.csv').catch((e: unknown) => e);
      const elapsedMs = performance.now() - started;
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as Error).message).toMatch(/did not answer for 300 ms.*gave up after 2 attempts/);
      expect(elapsedMs).toBeGreaterThanOrEqual(2 * 290); // a fresh deadline per attempt
      expect(elapsedMs).toBeLessThan(3_000);
      expect(silent.connections()).toBe(2);
    } finally {
      await silent.close();
    }
  });

  it('gives up on a download that stalls halfway, within timeoutMs of the last byte', async () => {
    // A fake: the server answers PROPFIND, then sends part of the body and goes silent.
    const stalling = await stallingServer(1_000, 10);
    try {
      const store = new WebDavFileStore({ url: stalling.url, user: 'u', password: 'p', timeoutMs: 300, retry: { attempts: 2, baseDelayMs: 1 } });
      const started = performance.now();
      const error = await store.download('work/x.csv', join(scratch, 'stalled.csv')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as Error).message).toMatch(/did not answer for 300 ms/);
      expect(performance.now() - started).toBeLessThan(3_000);
      // No Accept-Ranges from this server: the retried GET starts over, without a Range.
      expect(stalling.requests()).toEqual(['PROPFIND', 'GET bytes=0-', 'GET bytes=0-']);
      await expect(readFile(join(scratch, 'stalled.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await stalling.close();
    }
  });

  it('fails the remove of a folder some of whose members Apache could not delete (207), rather than count it done', async () => {
    const folder = folderFor();
    await store.publish(await localFile('a'), `${folder}/parts/0/a.csv`);
    await store.publish(await localFile('b'), `${folder}/parts/1/b.csv`);
    await chmod(onDisk(folder, 'parts', '1'), 0o555); // its file can't be unlinked
    try {
      const error = await store.remove(`${folder}/parts`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WebDavRequestError);
      expect(error).toMatchObject({ status: 207, retryable: false });
      expect((error as Error).message).toMatch(/left \d+ of its members in place \(HTTP 403\)/);
      expect(await readdir(onDisk(folder, 'parts', '1'))).toEqual(['b.csv']);
    } finally {
      await chmod(onDisk(folder, 'parts', '1'), 0o755);
    }
    await store.remove(`${folder}/parts`);
    expect(await readdir(onDisk(folder))).toEqual([]);
  });

  it('throws NotFoundError for a folder asked as a file', async () => {
    const folder = folderFor();
    await store.publish(await localFile('x'), `${folder}/sub/x.csv`);
    await expect(store.stat(`${folder}/sub`)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('WebDavFileStore downloads through a proxy that cuts bodies (Apache behind it)', () => {
  let proxy: FaultProxy;
  let scratch: string;
  let folder: string;
  // Every byte value, and big enough to take several chunks: a cut at half is mid-stream.
  const content = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7 + (i >> 8)) % 256));
  beforeAll(async () => {
    proxy = await startFaultProxy(webdav.url);
    scratch = await mkdtemp(join(tmpdir(), 'higia-webdav-cut-'));
    folder = `cut-${randomBytes(4).toString('hex')}`;
    await mkdir(onDisk(folder), { recursive: true });
    await writeFile(onDisk(folder, 'clientes.csv'), content);
  });
  afterAll(async () => {
    await proxy.close();
    await rm(scratch, { recursive: true, force: true });
  });
  // One attempt: what a cut looks like when it may not be retried (webdav-faults.test.ts has the retries).
  const store = () => new WebDavFileStore({ url: proxy.url, user: webdav.user, password: webdav.password, retry: { attempts: 1 } });
  const cutting = (kind: FaultKind) => [{ kind, matches: (path: string) => path.endsWith(`/${folder}/clientes.csv`) }];

  it.each<[FaultKind]>([['close-delimited'], ['short-body']])('fails a %s body cut at half, retryably, and leaves no partial file', async (kind) => {
    proxy.rules = cutting(kind);
    const target = join(scratch, `${kind}.csv`);
    const before = proxy.broken.length;
    const error = await store().download(`${folder}/clientes.csv`, target).catch((e: unknown) => e);
    expect(proxy.broken.length).toBe(before + 1); // the fault was really injected
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).retryable).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`received \\d+ of ${content.length} bytes`));
    expect((error as Error).message).not.toContain(`received ${content.length} of`);
    await expect(readFile(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(scratch)).not.toContain(`${kind}.csv`);
  });

  it('retries a GET refused with 403 while PROPFIND is still let through (Apache, a file replaced mid-lookup), but not one where both are refused', async () => {
    proxy.rules = [];
    let refused = 0;
    const target = join(scratch, 'raced.csv');
    try {
      proxy.answer = (request) => (request.method === 'GET' && refused++ === 0 ? { status: 403 } : undefined);
      const retrying = new WebDavFileStore({ url: proxy.url, user: webdav.user, password: webdav.password, retry: { attempts: 3, baseDelayMs: 1 } });
      const info = await retrying.download(`${folder}/clientes.csv`, target);
      expect(refused).toBe(2); // the refused GET, then the one that went through
      expect(info.size).toBe(content.length);
      expect((await readFile(target)).equals(content)).toBe(true);

      proxy.answer = (request) => (request.method === 'GET' || request.method === 'PROPFIND' ? (refused++ > 2 ? { status: 403 } : undefined) : undefined);
      await expect(retrying.download(`${folder}/clientes.csv`, target)).rejects.toBeInstanceOf(CredentialsRejectedError);
    } finally {
      proxy.answer = undefined;
    }
  });

  it('downloads an uncut body through the same proxy byte for byte', async () => {
    proxy.rules = [];
    const target = join(scratch, 'whole.csv');
    const info = await store().download(`${folder}/clientes.csv`, target);
    expect(info).toMatchObject({ path: `${folder}/clientes.csv`, size: content.length });
    expect((await readFile(target)).equals(content)).toBe(true);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function stallingServer(size: number, sentBytes: number): Promise<{ url: string; requests(): string[]; close(): Promise<void> }> {
  const methods: string[] = [];
  const server = createHttpServer((request, response) => {
    methods.push(request.method === 'GET' ? `GET ${request.headers.range ?? 'bytes=0-'}` : (request.method ?? ''));
    if (request.method === 'PROPFIND') {
      response.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8' });
      response.end(
        `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>${request.url}</d:href><d:propstat><d:prop>` +
          `<d:resourcetype/><d:getcontentlength>${size}</d:getcontentlength><d:getetag>"e1"</d:getetag>` +
          '</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>',
      );
      return;
    }
    response.writeHead(200, { 'Content-Length': String(size) });
    response.write(Buffer.alloc(sentBytes, 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => methods,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function silentServer(): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.resume(); // read the request, never answer
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
