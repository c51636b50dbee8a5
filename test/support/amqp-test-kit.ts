import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { AMQP_QUEUE_DEFAULTS } from '../../src/adapters/queue/amqp-job-queue.js';
import { jobQueueTopology, topologyQueueNames } from '../../src/adapters/queue/amqp-topology.js';
import { allRetryDelaysMs, type RetryPolicy } from '../../src/adapters/queue/delivery-outcome.js';

const run = promisify(execFile);

export const TEST_AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export const randomQueueName = (): string => `higia_test_${randomBytes(5).toString('hex')}`;

/** A plain amqplib connection for what the tests do beside the adapter: raw publishes, inspection, clean-up. */
export async function openRawAmqp(url = TEST_AMQP_URL): Promise<{ model: ChannelModel; channel: Channel; close(): Promise<void> }> {
  const model = await connect(url);
  model.on('error', () => {});
  const channel = await model.createChannel();
  // A refused operation closes the channel and emits 'error'; the rejected call already reports it.
  channel.on('error', () => {});
  return { model, channel, close: () => model.close().catch(() => {}) };
}

/**
 * Every queue an AmqpJobQueue on `queue` may have declared with this policy, the retry queues
 * of Higia before the jobs queue (`<queue>.retry.<delay>`) included: for a test's clean-up.
 */
export function jobQueueNames(queue: string, policy: RetryPolicy & { parkCheckMs?: number }): string[] {
  const topology = jobQueueTopology(queue, { ...policy, parkCheckMs: policy.parkCheckMs ?? AMQP_QUEUE_DEFAULTS.parkCheckMs });
  return [...topologyQueueNames(topology), ...allRetryDelaysMs(policy).map((delayMs) => `${queue}.retry.${delayMs}`)];
}

/** Deletes queues on a throwaway channel (a missing queue is fine); `url`: another broker (a private node). */
export async function deleteQueues(names: readonly string[], url = TEST_AMQP_URL): Promise<void> {
  const { model } = await openRawAmqp(url);
  try {
    for (const name of names) {
      const channel = await model.createChannel();
      channel.on('error', () => {});
      await channel.deleteQueue(name).catch(() => {});
      await channel.close().catch(() => {});
    }
  } finally {
    await model.close().catch(() => {});
  }
}

async function rabbitmqctlJson<T>(args: string[]): Promise<T[]> {
  const { stdout } = await run('rabbitmqctl', [...args, '--formatter', 'json', '-q'], { timeout: 30_000 });
  return JSON.parse(stdout) as T[];
}

/** Closes, from the broker's side, every connection whose client named itself `connectionName`: a real drop for the client. */
export async function closeConnectionsFromBroker(connectionName: string): Promise<number> {
  // The text format, because close_connection wants the pid as `<rabbit@host.N.N.N>`, which the JSON format does not print.
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q', '--no-table-headers'], { timeout: 30_000 });
  const marker = `{"connection_name","${connectionName}"}`;
  const pids = stdout
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => line.split('\t')[0] as string);
  for (const pid of pids) await run('rabbitmqctl', ['close_connection', pid, 'closed by a Higia test'], { timeout: 30_000 });
  return pids.length;
}

export interface QueueProperties {
  name: string;
  durable: boolean;
  auto_delete: boolean;
  exclusive: boolean;
  arguments: unknown[];
  type: string;
}

/** Ready messages per queue, live (AMQP passive declare); a missing queue counts as 0. */
export async function readyCounts(names: readonly string[], url = TEST_AMQP_URL): Promise<Record<string, number>> {
  const { model } = await openRawAmqp(url);
  try {
    const counts: Record<string, number> = {};
    for (const name of names) {
      const channel = await model.createChannel();
      channel.on('error', () => {});
      counts[name] = await channel.checkQueue(name).then((q) => q.messageCount, () => 0);
      await channel.close().catch(() => {});
    }
    return counts;
  } finally {
    await model.close().catch(() => {});
  }
}

/** Ready messages in all of `names` together, on the broker at `url`. */
export async function readyTotal(url: string, names: readonly string[]): Promise<number> {
  return Object.values(await readyCounts(names, url)).reduce((sum, n) => sum + n, 0);
}

/**
 * Deliveries held unacked by the connections named `connectionName`, live from their channels
 * (a quorum queue's own unacked count in list_queues lags by its stats interval, seconds).
 */
export async function unackedHeldBy(connectionName: string): Promise<number> {
  const connections = await rabbitmqctlJson<{ pid: string; client_properties: [string, string, unknown][] }>(['list_connections', 'pid', 'client_properties']);
  const pids = new Set(connections.filter((c) => c.client_properties.some(([key, , value]) => key === 'connection_name' && value === connectionName)).map((c) => c.pid));
  const channels = await rabbitmqctlJson<{ connection: string; messages_unacknowledged: number }>(['list_channels', 'connection', 'messages_unacknowledged']);
  return channels.filter((c) => pids.has(c.connection)).reduce((sum, c) => sum + c.messages_unacknowledged, 0);
}

export async function queueProperties(name: string): Promise<QueueProperties | undefined> {
  const rows = await rabbitmqctlJson<QueueProperties>(['list_queues', 'name', 'durable', 'auto_delete', 'exclusive', 'arguments', 'type']);
  return rows.find((r) => r.name === name);
}

export interface ExchangeProperties {
  name: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
}

/** What the broker says of an exchange: AMQP's passive declare only tells whether it exists. */
export async function exchangeProperties(name: string): Promise<ExchangeProperties | undefined> {
  const rows = await rabbitmqctlJson<ExchangeProperties>(['list_exchanges', 'name', 'type', 'durable', 'auto_delete']);
  return rows.find((r) => r.name === name);
}

/**
 * A `python3` on PATH that can `import pika` (TEST_PYTHON overrides). The first python3 on
 * PATH may be a version manager's interpreter without the distribution's python3-pika.
 */
export async function findPythonWithPika(): Promise<string> {
  const candidates = process.env.TEST_PYTHON
    ? [process.env.TEST_PYTHON]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'python3'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      await run(candidate, ['-c', 'import pika'], { timeout: 30_000 });
      return candidate;
    } catch {
      // not this one: try the next interpreter on PATH
    }
  }
  throw new Error('no python3 with pika found on PATH (install python3-pika, or set TEST_PYTHON)');
}

/** Runs test/support/legacy_publish.py: pika's queue_declare(queue=Q) then basic_publish, like the legacy producer. */
export async function publishLikeLegacyProducer(python: string, queue: string, body: string): Promise<void> {
  const url = new URL(TEST_AMQP_URL);
  const script = new URL('./legacy_publish.py', import.meta.url).pathname;
  const credentials = url.username ? [decodeURIComponent(url.username), decodeURIComponent(url.password)] : [];
  await run(python, [script, url.hostname, url.port || '5672', queue, body, ...credentials], { timeout: 30_000 });
}

/** A QueueLogger that keeps the messages, so a test can wait for "connection restored". */
export function recordingLogger(): { messages: string[]; info(f: object, m?: string): void; warn(f: object, m?: string): void; error(f: object, m?: string): void } {
  const messages: string[] = [];
  const record = (_fields: object, message?: string) => void messages.push(message ?? '');
  return { messages, info: record, warn: record, error: record };
}
