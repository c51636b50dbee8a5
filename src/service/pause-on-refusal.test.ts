import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../adapters/queue/in-process-job-queue.js';
import { CredentialsRejectedError } from '../errors.js';
import type { Consumer } from '../ports/job-queue.js';
import { PauseOnRefusal } from './pause-on-refusal.js';

const until = async (condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('PauseOnRefusal on the in-process queue', () => {
  let queue: InProcessJobQueue;
  let consumer: Consumer | undefined;
  let pause: PauseOnRefusal | undefined;
  afterEach(async () => {
    await pause?.stop();
    await consumer?.stop(0);
    await queue.close();
  });

  it('stops taking work while the store refuses us, says so in readiness, and drains the backlog once it accepts us', async () => {
    queue = new InProcessJobQueue({ maxAttempts: 2, retryBaseDelayMs: 10 });
    let refusing = true;
    let probes = 0;
    const handled: string[] = [];
    const refused: string[] = [];
    pause = new PauseOnRefusal({
      probe: async () => {
        probes++;
        if (refusing) throw new CredentialsRejectedError('ownCloud rejected the credentials of user "higia" (HTTP 401)');
      },
      logger: pino({ level: 'silent' }),
      firstDelayMs: 20,
      maxDelayMs: 40,
    });
    for (const name of ['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv']) await queue.publish({ file_name: name });
    consumer = await queue.consume(
      async ({ message }) => {
        if (refusing) {
          refused.push(message.file_name);
          throw new CredentialsRejectedError('ownCloud rejected the credentials of user "higia" (HTTP 401)');
        }
        handled.push(message.file_name);
      },
      { prefetch: 1, onPaused: pause.onPaused },
    );
    pause.attach(consumer);

    await until(() => probes >= 3, 'three probes while refused');
    // One message tried, handed back unused; the other four never taken while paused.
    expect(refused).toEqual(['a.csv']);
    expect(consumer.paused?.reason).toMatch(/rejected the credentials/);
    await expect(pause.check()).rejects.toThrow(/^consuming paused since \d{4}-.*rejected the credentials/);

    refusing = false;
    await until(() => handled.length === 5, 'the backlog after the store accepts us');
    expect([...handled].sort()).toEqual(['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv']);
    expect(consumer.paused).toBeUndefined();
    await expect(pause.check()).resolves.toBeUndefined();
    expect(queue.deadLetters).toEqual([]);
    expect(queue.stats.retried).toBe(0);
  });
});
