import type { Channel, MessageProperties } from 'amqplib';
import type { PublishOptions } from './amqp-connection.js';
import { allRetryDelaysMs, type DeadLetterReason, type FailureDescription, type RetryPolicy } from './delivery-outcome.js';

/** Headers Higia puts on the copies it republishes. */
export const HEADER = {
  attempt: 'x-higia-attempt',
  reason: 'x-higia-reason',
  error: 'x-higia-error',
  errorCode: 'x-higia-error-code',
  failedAt: 'x-higia-failed-at',
  /** On a parked copy: when its original was handed off while a handler still ran it. */
  parkedAt: 'x-higia-parked-at',
  /** On a copy of a message that workers died on: how many deliveries were lost so far (the broker's count restarts on a copy). */
  crashes: 'x-higia-crashes',
  /** Stamped by the mover when a message enters the jobs queue: its id on every later delivery and copy (Delivery.id). */
  jobId: 'x-higia-job-id',
} as const;

/** The message's stable id (see HEADER.jobId), if it has a usable one. */
export function messageIdOf(headers: Record<string, unknown> | undefined): string | undefined {
  const id = headers?.[HEADER.jobId];
  return typeof id === 'string' && /^[\w-]{1,100}$/.test(id) ? id : undefined;
}

/** Set by a quorum queue on a redelivery: how many times the message came back unsettled. */
export const DELIVERY_COUNT_HEADER = 'x-delivery-count';

/**
 * The queues around the legacy work queue:
 * - `queue` itself, declared exactly as the legacy producer (Python pika `queue_declare(queue=Q)`)
 *   declares it: classic, not durable, not exclusive, not auto-delete, no arguments. RabbitMQ
 *   refuses (406 PRECONDITION_FAILED) any second declaration that differs, on whichever side
 *   comes second, so no argument can live on it, and a broker restart empties it. Producers
 *   (the legacy one, POST /process) publish there; nobody works from it: every worker runs a
 *   mover that republishes each message, persistent and confirmed, into `jobs` and only then
 *   acks it, so a message is in the legacy queue only for the few milliseconds of a move.
 * - `${queue}.jobs`: Higia's own durable quorum queue, where jobs are worked from. A quorum
 *   queue, because it survives a restart replicated and on disk, and counts the deliveries
 *   that came back unsettled (`x-delivery-count`): a message whose worker died on it N times
 *   is dead-lettered instead of killing workers forever. It has no `x-delivery-limit`: the
 *   consumer checks the count itself (to dead-letter with a reason), and a limit in the
 *   arguments would pin AMQP_MAX_DELIVERIES forever (any other value fails with 406).
 * - `${queue}.jobs.retry.${delayMs}`: one durable queue per backoff step. Messages wait there for
 *   the queue's TTL and are then dead-lettered into `jobs` through the default exchange.
 *   One queue per delay, because RabbitMQ only expires messages at the head of a queue: a
 *   40 s message would hold a 5 s one behind it. The delay is in the name so that changing the
 *   backoff declares new queues instead of redeclaring old ones with other arguments (406).
 * - `${queue}.jobs.parked.${parkCheckMs}`: durable; a "parked" copy of a message whose handler
 *   has run longer than the hand-off time (RabbitMQ closes the channel of a delivery unacked past
 *   its `consumer_timeout`, 30 min by default, and 3.10 has no per-queue setting): the copy waits
 *   the TTL, goes back to `jobs`, and whoever gets it checks whether the job still runs.
 * - `${queue}.dlq`: durable; what could not be processed, with the reason in headers.
 *
 * Queues of an older backoff or park setting are left in place: they still drain into `jobs`.
 * So do the retry queues of Higia before `jobs` existed (`${queue}.retry.${delayMs}`, without
 * `.jobs`): they dead-letter into the legacy queue, where the mover picks their messages up
 * with their attempt header.
 */
export interface JobQueueTopology {
  readonly queue: string;
  readonly jobsQueue: string;
  readonly parkQueue: string;
  readonly parkCheckMs: number;
  readonly deadLetterQueue: string;
  /** delayMs → queue name. */
  readonly retryQueues: ReadonlyMap<number, string>;
}

export function jobQueueTopology(queue: string, policy: RetryPolicy & { readonly parkCheckMs: number }): JobQueueTopology {
  return {
    queue,
    jobsQueue: jobsQueueName(queue),
    parkQueue: `${jobsQueueName(queue)}.parked.${policy.parkCheckMs}`,
    parkCheckMs: policy.parkCheckMs,
    deadLetterQueue: `${queue}.dlq`,
    retryQueues: new Map(allRetryDelaysMs(policy).map((delayMs) => [delayMs, retryQueueName(queue, delayMs)])),
  };
}

export function jobsQueueName(queue: string): string {
  return `${queue}.jobs`;
}

export function retryQueueName(queue: string, delayMs: number): string {
  return `${jobsQueueName(queue)}.retry.${delayMs}`;
}

/** Every queue of the topology, for operators and for test clean-up. */
export function topologyQueueNames(topology: JobQueueTopology): string[] {
  return [topology.queue, topology.jobsQueue, ...topology.retryQueues.values(), topology.parkQueue, topology.deadLetterQueue];
}

export async function declareJobQueueTopology(channel: Channel, topology: JobQueueTopology): Promise<void> {
  await channel.assertQueue(topology.queue, { durable: false, exclusive: false, autoDelete: false });
  await channel.assertQueue(topology.jobsQueue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  const intoJobs = (ttlMs: number) => ({ 'x-message-ttl': ttlMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': topology.jobsQueue });
  for (const [delayMs, name] of topology.retryQueues) await channel.assertQueue(name, { durable: true, arguments: intoJobs(delayMs) });
  await channel.assertQueue(topology.parkQueue, { durable: true, arguments: intoJobs(topology.parkCheckMs) });
  await channel.assertQueue(topology.deadLetterQueue, { durable: true });
}

// The broker's own bookkeeping: dead-lettering history and the quorum queue's redelivery count,
// stale on a copy we publish ourselves (a copied count would make the copy look crashed).
const BROKER_HEADERS = /^x-(death|first-death-|last-death-|delivery-count$)/;

/**
 * Properties for a republished copy: the producer's own properties and headers plus `extra`
 * headers. The copy is persistent whatever the original was (AmqpConnection.publish sets it).
 */
export function copyProperties(properties: MessageProperties, extra: Record<string, unknown>): PublishOptions {
  const headers = Object.fromEntries(Object.entries(properties.headers ?? {}).filter(([name]) => !BROKER_HEADERS.test(name)));
  const copy: PublishOptions = { headers: { ...headers, ...extra } };
  for (const key of ['contentType', 'contentEncoding', 'correlationId', 'messageId', 'timestamp', 'type', 'appId', 'priority'] as const) {
    if (properties[key] !== undefined) (copy as Record<string, unknown>)[key] = properties[key];
  }
  return copy;
}

/** Headers of a copy that keeps (or sets) the attempt number: retries, hand-backs, moves. */
export function attemptHeaders(attempt: number): Record<string, unknown> {
  return { [HEADER.attempt]: attempt };
}

export function parkHeaders(attempt: number, parkedAt: Date): Record<string, unknown> {
  return { [HEADER.attempt]: attempt, [HEADER.parkedAt]: parkedAt.toISOString() };
}

export function deadLetterHeaders(reason: DeadLetterReason, failure: FailureDescription, attempt: number): Record<string, unknown> {
  return {
    [HEADER.attempt]: attempt,
    [HEADER.reason]: reason,
    [HEADER.error]: failure.message,
    [HEADER.errorCode]: failure.code,
    [HEADER.failedAt]: new Date().toISOString(),
  };
}
