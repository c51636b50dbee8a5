import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const HIGIA_BIN = fileURLToPath(new URL('../../bin/higia.js', import.meta.url));
export const DATAGEN = fileURLToPath(new URL('../../../shared/datagen/gen-clientes.mjs', import.meta.url));

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled `higia` CLI as a user would. */
export function runHigia(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return runNode([HIGIA_BIN, ...args], options);
}

export function runNode(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const env = options.env && { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
    execFile(process.execPath, [...args], { cwd: options.cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs ../shared/datagen with the given options; returns when the files are written. */
export async function generateClientes(out: string, rows: number, seed: string, extra: readonly string[] = []): Promise<void> {
  const result = await runNode([DATAGEN, '--rows', String(rows), '--seed', seed, '--out', out, ...extra]);
  if (result.code !== 0) throw new Error(`datagen failed: ${result.stderr}`);
}
