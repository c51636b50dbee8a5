/**
 * Inputs below this size run their field rules on the calling thread. Starting the
 * worker-thread pool costs a job ~0.3–0.4 s (each thread loads the rules and their tables),
 * and a worker runs a pool per job: measured on the 2-core machine (runJob, csv+json, one warm
 * process), 200 rows (37 KB) took 29–81 ms without threads and 360–490 ms with two; 30k rows
 * (5.5 MB) 1.2–1.6 s against 1.6–2.9 s; 100k rows (18 MB) 5.9–8.4 s against 8.2–8.7 s. Above
 * it the configured THREADS apply, where a larger file on a quieter machine can use them.
 */
export const SMALL_INPUT_BYTES = 8 * 1024 * 1024;

/** Worker threads for a job's field rules: none for a small input, else the configured number. */
export function threadsForInput(inputBytes: number, configured: number): number {
  return inputBytes < SMALL_INPUT_BYTES ? 0 : configured;
}
