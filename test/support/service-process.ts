import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { HIGIA_BIN } from './run-higia.js';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [key: string]: unknown;
}

/** A `higia serve|api|worker` process with its JSON log lines collected as they come. */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  readonly stderr: string[] = [];
  port = 0;
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        this.stderr.push(line);
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => this.stderr.push(line));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  /** Starts the role and waits for its "started" line (or its death, with what it said). */
  static async start(role: 'serve' | 'api' | 'worker', env: Record<string, string>, options: { cwd?: string; timeoutMs?: number } = {}): Promise<ServiceProcess> {
    const child = spawn(process.execPath, [HIGIA_BIN, role], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child);
    const started = await service.waitForLog((l) => /^higia \w+ started/.test(l.msg), options.timeoutMs ?? 30_000, `higia ${role} to start`);
    service.port = started.port as number;
    return service;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Resolves with the first log line (already seen or to come) that matches. */
  async waitForLog(match: (line: LogLine) => boolean, timeoutMs = 30_000, what = 'a log line'): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    for (;;) {
      const found = this.logs.find(match);
      if (found) return found;
      if (exitCode !== undefined) throw new Error(`process exited (${exitCode}) before ${what}:\n${this.stderr.join('\n')}\n${this.logs.map((l) => JSON.stringify(l)).join('\n')}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${this.stderr.join('\n')}\n${this.logs.slice(-20).map((l) => JSON.stringify(l)).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  kill(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }

  /** SIGTERM and wait; SIGKILL if it does not stop in time. */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.kill('SIGTERM');
    } finally {
      clearTimeout(timer);
    }
  }
}
