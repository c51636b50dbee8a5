import { spawnSync } from 'node:child_process';

/**
 * The end-to-end tests run the real `higia` binary, which runs the compiled code in dist/:
 * compile once so they never test a stale build. tsc emits even when types are wrong, and
 * type errors are `npm run lint`'s verdict, so only a compiler that can't run stops the tests.
 */
export default function setup(): void {
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.stderr.write(`tsc reported type errors (run npm run lint):\n${result.stdout.slice(0, 2000)}\n`);
}
