import type { JobMessage } from '../domain/job-message.js';

/** One message handed to the worker. */
export interface Delivery {
  readonly message: JobMessage;
  /** 1 on the first try; the retry queue carries the count across redeliveries. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when a shutdown deadline passes: stop, the message goes back to the queue. */
  readonly signal: AbortSignal;
  /**
   * A parked copy: a handler of this same message ran past the queue's hand-off time, so its
   * original was acked and this copy sent to come back later while that handler ran on. It may
   * still run (its lock is held: throw FileBusyError, and the copy is parked again), have
   * finished (resolve: the copy is acked), or have died with its worker (take the job over).
   * Always false on the in-process queue, which has no consumer timeout to escape.
   */
  readonly parked: boolean;
  /**
   * The message's own id, the same on every delivery, retry and parked copy of it (stamped
   * when it entered Higia's queue); undefined only for a queue that has none. The job id of a
   * message that names none, known before the job makes its first remote call.
   */
  readonly id: string | undefined;
}

/** A message the queue gives up on because its workers died on it (see ConsumeOptions.onCrashedTooOften). */
export interface CrashedDelivery {
  readonly message: JobMessage;
  readonly id: string | undefined;
  readonly attempt: number;
  /** Deliveries lost with their worker. */
  readonly crashes: number;
}

export type DeliveryHandler = (delivery: Delivery) => Promise<void>;

export interface PausedState {
  /** The message of the error that paused consuming. */
  readonly reason: string;
  readonly since: Date;
}

export interface Consumer {
  /**
   * Stops taking messages and waits for the ones in flight; after `deadlineMs` their
   * signals are aborted and they are handed back to the queue, with their attempt unused.
   */
  stop(deadlineMs: number): Promise<void>;
  /** Takes messages again after a pause; does nothing when not paused (or stopping). */
  resume(): Promise<void>;
  /** Set from the pause until resume(). */
  readonly paused: PausedState | undefined;
}

export interface ConsumeOptions {
  /** Handlers running at once, at most. */
  readonly prefetch: number;
  /**
   * Called once a handler threw an error with `pausesConsuming: true` (CredentialsRejectedError):
   * that message went back unused, the consumer takes no more messages (those in flight finish)
   * until `resume()`. Called once per pause, however many handlers fail that way meanwhile.
   */
  readonly onPaused?: (error: Error) => void;
  /**
   * How long a handler may run before its message is parked (see `Delivery.parked`), so that the
   * broker's consumer timeout never fires; 0: never. Default: the queue's own setting. The
   * in-process queue has no such timeout and ignores it.
   */
  readonly handOffAfterMs?: number;
  /**
   * Called before a message whose workers died on it too often (a file that kills the process)
   * goes to the dead-letter queue as `worker-crashed`, without running its job again: the
   * worker records the failure and announces it. Its failure does not stop the dead-lettering.
   */
  readonly onCrashedTooOften?: (delivery: CrashedDelivery) => Promise<void>;
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
 * - it throws an error with `pausesConsuming: true` → the message comes back with the same
 *   attempt, and the consumer pauses (see ConsumeOptions.onPaused);
 * - it throws anything else → dead-letter queue with the error;
 * - a body that is not a valid JobMessage never reaches the handler → dead-letter queue
 *   with the reason.
 */
export interface JobQueue {
  /** Sends one message in the legacy wire shape (a JSON body); resolves once the broker has it. */
  publish(message: JobMessage): Promise<void>;
  consume(handle: DeliveryHandler, options: ConsumeOptions): Promise<Consumer>;
  readonly stats: QueueStats;
  /** Resolves when the broker is reachable (readiness probe). */
  check(): Promise<void>;
  close(): Promise<void>;
}
