import { UpstreamUnavailableError } from '../../errors.js';
import type { JobEvent, JobEvents } from '../../ports/job-events.js';

export type JobEventListener = (event: JobEvent) => void;

/**
 * JobEvents in memory, for embedded runs and tests: keeps every event in `published` and
 * hands each listener a copy made through JSON, as a broker subscriber would get it.
 */
export class InProcessJobEvents implements JobEvents {
  readonly published: JobEvent[] = [];
  private readonly listeners = new Set<JobEventListener>();
  private closed = false;

  async publish(event: JobEvent): Promise<void> {
    if (this.closed) throw new UpstreamUnavailableError('the in-process event bus is closed');
    const wire = JSON.stringify(event);
    this.published.push(JSON.parse(wire) as JobEvent);
    // After publish resolves, like a broker delivery: a slow or throwing listener is not the publisher's failure.
    for (const listener of this.listeners) queueMicrotask(() => listener(JSON.parse(wire) as JobEvent));
  }

  /** Calls `listener` for every event published from now on; returns the unsubscribe function. */
  subscribe(listener: JobEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}
