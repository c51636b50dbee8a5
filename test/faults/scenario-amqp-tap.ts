import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy between one worker and the broker that reads the worker's AMQP frames, to stop
 * its traffic right after a chosen moment: once it has passed on a `basic.publish` to a given
 * exchange and routing key (the completion event), everything the worker sends next — its ack
 * first of all — is held back. Killing the worker then is a crash "after the event, before the
 * ack", which no timing from outside could hit reliably.
 */
export interface AmqpTap {
  /** The broker URL with the tap's port: give it to the worker. */
  readonly url: string;
  /** Arms the freeze; resolves once a matching publish (with its body) has gone to the broker. */
  freezeAfterPublish(exchange: string, routingKey: string): Promise<void>;
  readonly isFrozen: boolean;
  close(): Promise<void>;
}

const FRAME_METHOD = 1;
const FRAME_BODY = 3;
const FRAME_HEADER = 2;
const BASIC_CLASS = 60;
const BASIC_PUBLISH = 40;
const PROTOCOL_HEADER_BYTES = 8;

interface Trigger {
  exchange: string;
  routingKey: string;
  resolve: () => void;
}

function shortString(buffer: Buffer, offset: number): [string, number] {
  const length = buffer.readUInt8(offset);
  return [buffer.toString('utf8', offset + 1, offset + 1 + length), offset + 1 + length];
}

export async function startAmqpTap(brokerUrl: string): Promise<AmqpTap> {
  const broker = new URL(brokerUrl);
  const sockets = new Set<Socket>();
  let trigger: Trigger | undefined;
  let frozen = false;

  const server = createServer((client) => {
    const upstream = createConnection({ host: broker.hostname, port: Number(broker.port || 5672) });
    sockets.add(client);
    sockets.add(upstream);
    let pending = Buffer.alloc(0);
    let headerSeen = false;
    // Body bytes still to pass before the freeze starts (0: not counting).
    let awaitingBody: { channel: number; bodyLeft: number | undefined } | undefined;

    const onClientData = (data: Buffer) => {
      if (frozen) return; // held back for good: the worker is about to die
      pending = Buffer.concat([pending, data]);
      if (!headerSeen) {
        if (pending.length < PROTOCOL_HEADER_BYTES) return;
        upstream.write(pending.subarray(0, PROTOCOL_HEADER_BYTES));
        pending = pending.subarray(PROTOCOL_HEADER_BYTES);
        headerSeen = true;
      }
      while (!frozen && pending.length >= 7) {
        const size = pending.readUInt32BE(3);
        if (pending.length < 7 + size + 1) return;
        const frame = pending.subarray(0, 8 + size);
        pending = pending.subarray(8 + size);
        upstream.write(frame);
        inspect(frame.readUInt8(0), frame.readUInt16BE(1), frame.subarray(7, 7 + size));
      }
    };

    const inspect = (type: number, channel: number, payload: Buffer) => {
      if (trigger && type === FRAME_METHOD && payload.readUInt16BE(0) === BASIC_CLASS && payload.readUInt16BE(2) === BASIC_PUBLISH) {
        const [exchange, next] = shortString(payload, 6);
        const [routingKey] = shortString(payload, next);
        if (exchange === trigger.exchange && routingKey === trigger.routingKey) awaitingBody = { channel, bodyLeft: undefined };
        return;
      }
      if (!awaitingBody || channel !== awaitingBody.channel) return;
      if (type === FRAME_HEADER) awaitingBody.bodyLeft = Number(payload.readBigUInt64BE(4));
      else if (type === FRAME_BODY && awaitingBody.bodyLeft !== undefined) awaitingBody.bodyLeft -= payload.length;
      if (awaitingBody.bodyLeft !== undefined && awaitingBody.bodyLeft <= 0) {
        frozen = true;
        awaitingBody = undefined;
        const fired = trigger!;
        trigger = undefined;
        fired.resolve();
      }
    };

    client.on('data', onClientData);
    upstream.on('data', (data) => client.write(data));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(brokerUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);

  return {
    url: url.toString(),
    get isFrozen() {
      return frozen;
    },
    freezeAfterPublish: (exchange, routingKey) => new Promise((resolve) => (trigger = { exchange, routingKey, resolve })),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
