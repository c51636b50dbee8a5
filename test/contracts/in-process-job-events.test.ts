import { InProcessJobEvents } from '../../src/adapters/queue/in-process-job-events.js';
import type { JobEvent } from '../../src/ports/job-events.js';
import { jobEventsContract } from './job-events.contract.js';

jobEventsContract('in-process', async () => {
  const events = new InProcessJobEvents();
  const received: JobEvent[] = [];
  events.subscribe((event) => received.push(event));
  return { events, received: () => received, dispose: () => events.close() };
});
