import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'amqplib';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_AMQP_URL } from '../support/amqp-test-kit.js';
import { startPrivateRabbitMq, type PrivateRabbitMq } from '../support/private-rabbitmq.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';

/** Pids of the processes whose environment names this node (RabbitMQ 3.10 passes the name to beam in RABBITMQ_NODENAME, not on its command line). */
async function processesOfNode(nodeName: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    if (environ.split('\0').includes(`RABBITMQ_NODENAME=${nodeName}`)) found.push(Number(entry));
  }
  return found;
}

async function canConnectAmqp(url: string): Promise<boolean> {
  try {
    const model = await connect(url);
    await model.close();
    return true;
  } catch {
    return false;
  }
}

async function messageCount(url: string, queue: string): Promise<number | 'missing'> {
  const model = await connect(url);
  model.on('error', () => {});
  try {
    const channel = await model.createChannel();
    channel.on('error', () => {});
    return (await channel.checkQueue(queue)).messageCount;
  } catch {
    return 'missing';
  } finally {
    await model.close().catch(() => {});
  }
}

async function publishTo(url: string, queue: string, durable: boolean, body: string): Promise<void> {
  const model = await connect(url);
  const channel = await model.createConfirmChannel();
  await channel.assertQueue(queue, { durable });
  channel.sendToQueue(queue, Buffer.from(body), { persistent: durable });
  await channel.waitForConfirms();
  await model.close();
}

describe('startPrivateRabbitMq', () => {
  let node: PrivateRabbitMq | undefined;
  const durable = 'higia_private_durable';
  const transient = 'higia_private_transient';

  afterAll(async () => {
    await node?.close();
  });

  it('starts a node of its own, on its own port, with the asked consumer timeout', async () => {
    node = await startPrivateRabbitMq({ consumerTimeoutMs: 1_234_000 });
    console.log(`[private-rabbitmq] start ${Math.round(node.timings.startMs)} ms`);
    expect(node.url).toBe(`amqp://guest:guest@127.0.0.1:${node.port}`);
    expect(node.port).not.toBe(5672);
    expect(node.nodeName).toMatch(/^higia-test-[0-9a-f]+@localhost$/);
    await publishTo(node.url, durable, true, 'kept');
    await publishTo(node.url, transient, false, 'lost on restart');
    expect(await messageCount(node.url, durable)).toBe(1);
    // Its queues are not the shared broker's.
    expect(await messageCount(TEST_AMQP_URL, durable)).toBe('missing');
    expect(await node.ctl(['eval', 'application:get_env(rabbit, consumer_timeout).'])).toContain('1234000');
    expect(await node.ctl(['list_queues', 'name', '-q', '--no-table-headers'])).toContain(durable);
  });

  it('stopApp closes the clients\' connections and refuses new ones; startApp serves the same queues again', async () => {
    const client = await connect(node!.url);
    client.on('error', () => {});
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const began = performance.now();
    await node!.stopApp();
    const stopMs = performance.now() - began;
    await closed;
    expect(await canConnectAmqp(node!.url)).toBe(false);
    // The Erlang node itself is still up.
    expect(await node!.ctl(['eval', 'node().'])).toContain(node!.nodeName.split('@')[0]);
    const restarted = performance.now();
    await node!.startApp();
    console.log(`[private-rabbitmq] stop_app ${Math.round(stopMs)} ms, start_app ${Math.round(performance.now() - restarted)} ms`);
    expect(await messageCount(node!.url, durable)).toBe(1);
  });

  it('stopNode ends the OS process; startNode brings back durable queues and persistent messages, not transient ones', async () => {
    await publishTo(node!.url, transient, false, 'lost on restart');
    expect(await processesOfNode(node!.nodeName)).not.toEqual([]);
    await node!.stopNode();
    expect(await processesOfNode(node!.nodeName)).toEqual([]);
    expect(await canConnectAmqp(node!.url)).toBe(false);
    await node!.startNode();
    console.log(`[private-rabbitmq] stop_node ${Math.round(node!.timings.stopMs)} ms, start_node ${Math.round(node!.timings.startMs)} ms`);
    expect(await messageCount(node!.url, durable)).toBe(1);
    expect(await messageCount(node!.url, transient)).toBe('missing');
  });

  it('close stops the node and removes its folders, leaving no process', async () => {
    const { dir, nodeName, url } = node!;
    expect(await processesOfNode(nodeName)).not.toEqual([]);
    const began = performance.now();
    await node!.close();
    console.log(`[private-rabbitmq] close ${Math.round(performance.now() - began)} ms`);
    node = undefined;
    expect(existsSync(dir)).toBe(false);
    expect(await processesOfNode(nodeName)).toEqual([]);
    expect(await canConnectAmqp(url)).toBe(false);
  });
});

describe('startPrivateRedis', () => {
  let redis: PrivateRedis | undefined;

  afterAll(async () => {
    await redis?.close();
  });

  it('serves on its own port; stop makes it unreachable; start serves again on the same port, empty', async () => {
    redis = await startPrivateRedis();
    const startMs = redis.timings.startMs;
    expect(redis.port).not.toBe(6379);
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    await client.connect();
    await client.set('higia:private', 'yes');
    expect(await client.get('higia:private')).toBe('yes');
    const pid = redis.pid!;
    await redis.stop();
    expect(redis.pid).toBeUndefined();
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    await expect(client.get('higia:private')).rejects.toThrow();
    client.disconnect();
    await redis.start();
    console.log(`[private-redis] start ${Math.round(startMs)} ms, stop ${Math.round(redis.timings.stopMs)} ms, restart ${Math.round(redis.timings.startMs)} ms`);
    const again = new Redis(redis.url);
    try {
      expect(await again.get('higia:private')).toBeNull();
      expect(await again.ping()).toBe('PONG');
    } finally {
      again.disconnect();
    }
  });

  it('close leaves no process', async () => {
    const pid = redis!.pid!;
    await redis!.close();
    redis = undefined;
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});
