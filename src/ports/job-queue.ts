import type { JobMessage } from '../domain/job-message.js';

/** One message handed to the worker. */
export interface Delivery {
  readonly message: JobMessage;
  /** 1 on the first try; the retry queue carries the count across redeliveries. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when a shutdown deadline passes: stop, the message goes back to the queue. */
  readonly signal: AbortSignal;
}

export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

export interface Consumer {
  /**
   * Stops taking messages and waits for the ones in flight; after `deadlineMs` their
   * signals are aborted and they are handed back to the queue unacknowledged.
   */
  stop(deadlineMs: number): Promise<void>;
}

/** Counters the queue keeps for /metrics. */
export interface QueueStats {
  retried: number;
  deadLettered: number;
}

/**
 * The work queue (`pyservice_queue`). Delivery semantics every implementation keeps:
 * - the handler resolves → ack;
 * - it throws a retryable AppError → the message comes back after an exponential delay
 *   with `attempt + 1`; past `maxAttempts` it goes to the dead-letter queue with the error;
 * - it throws anything else → dead-letter queue with the error;
 * - a body that is not a valid JobMessage never reaches the handler → dead-letter queue
 *   with the reason.
 */
export interface JobQueue {
  /** Sends one message in the legacy wire shape (a JSON body); resolves once the broker has it. */
  publish(message: JobMessage): Promise<void>;
  consume(handle: DeliveryHandler, options: { prefetch: number }): Promise<Consumer>;
  readonly stats: QueueStats;
  /** Resolves when the broker is reachable (readiness probe). */
  check(): Promise<void>;
  close(): Promise<void>;
}
