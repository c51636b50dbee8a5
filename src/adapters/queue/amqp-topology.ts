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
} as const;

/**
 * The queues around the legacy work queue:
 * - `queue` itself, declared exactly as the legacy producer (Python pika `queue_declare(queue=Q)`)
 *   declares it: classic, not durable, not exclusive, not auto-delete, no arguments. RabbitMQ
 *   refuses (406 PRECONDITION_FAILED) any second declaration that differs, on whichever side
 *   comes second, so no dead-letter or TTL argument can live on it.
 * - `${queue}.retry.${delayMs}`: one durable queue per backoff step. Messages wait there for
 *   the queue's TTL and are then dead-lettered back to `queue` through the default exchange.
 *   One queue per delay, because RabbitMQ only expires messages at the head of a queue: a
 *   40 s message would hold a 5 s one behind it. The delay is in the name so that changing the
 *   backoff declares new queues instead of redeclaring old ones with other arguments (406).
 * - `${queue}.dlq`: durable; what could not be processed, with the reason in headers.
 *
 * Queues of an older backoff setting are left in place: they still drain into `queue`.
 */
export interface JobQueueTopology {
  readonly queue: string;
  readonly deadLetterQueue: string;
  /** delayMs → queue name. */
  readonly retryQueues: ReadonlyMap<number, string>;
}

export function jobQueueTopology(queue: string, policy: RetryPolicy): JobQueueTopology {
  return {
    queue,
    deadLetterQueue: `${queue}.dlq`,
    retryQueues: new Map(allRetryDelaysMs(policy).map((delayMs) => [delayMs, retryQueueName(queue, delayMs)])),
  };
}

export function retryQueueName(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}`;
}

/** Every queue of the topology, for operators and for test clean-up. */
export function topologyQueueNames(topology: JobQueueTopology): string[] {
  return [topology.queue, ...topology.retryQueues.values(), topology.deadLetterQueue];
}

export async function declareJobQueueTopology(channel: Channel, topology: JobQueueTopology): Promise<void> {
  await channel.assertQueue(topology.queue, { durable: false, exclusive: false, autoDelete: false });
  for (const [delayMs, name] of topology.retryQueues) {
    await channel.assertQueue(name, {
      durable: true,
      arguments: { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': topology.queue },
    });
  }
  await channel.assertQueue(topology.deadLetterQueue, { durable: true });
}

// The broker's own dead-lettering history; stale on a copy we publish ourselves.
const BROKER_HEADERS = /^x-(death|first-death-|last-death-)/;

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

export function retryHeaders(nextAttempt: number): Record<string, unknown> {
  return { [HEADER.attempt]: nextAttempt };
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
