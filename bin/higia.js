#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run by `npm ci`).
import { main } from '../dist/main.js';

main(process.argv).catch((error) => {
  console.error(`higia: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
