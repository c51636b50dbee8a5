// Runs the compiled CLI in this process and reports its peak memory, for scripts/bench.mjs.
import { main } from '../dist/main.js';

const args = process.argv.slice(2);
const started = performance.now();
await main(['node', 'higia', ...args]);
const seconds = (performance.now() - started) / 1000;
process.stderr.write(`BENCH ${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
