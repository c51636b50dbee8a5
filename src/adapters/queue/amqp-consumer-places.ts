import type { ConsumeMessage } from 'amqplib';
import type { KeptChannel } from './amqp-channel-keeper.js';
import type { QueueLogger } from './queue-logger.js';

/**
 * One place for a running handler: one broker consumer with prefetch 1. A consumer of
 * `prefetch` places can take one place out of service alone — while its handler runs on after
 * its message was parked and acked — by cancelling that consumer before the ack, which one
 * shared prefetch window cannot do (quorum queues have no channel-wide prefetch, and a
 * consumer's prefetch cannot shrink while it consumes).
 */
export interface Place<F> {
  subscription?: Subscription<F>;
  /** The delivery whose handler runs in this place. */
  flight?: F;
}

export interface Subscription<F> {
  readonly place: Place<F>;
  readonly kept: KeptChannel;
  tag?: string;
}

export interface ConsumerPlacesDeps<F> {
  readonly count: number;
  readonly queue: string;
  readonly logger: QueueLogger;
  /** False while paused or stopping: every place's consumer is cancelled then. */
  readonly isTaking: () => boolean;
  readonly channel: () => KeptChannel | undefined;
  readonly receive: (sub: Subscription<F>, message: ConsumeMessage) => void;
  /** The broker cancelled a consumer (its queue was deleted). */
  readonly onCancelledByBroker: (kept: KeptChannel) => void;
  /** Whether the handler of `flight` stops counting when `kept` dies (its delivery goes back to the broker). */
  readonly diesWith: (flight: F, kept: KeptChannel) => boolean;
}

/** The places of one consumer and their broker consumers, kept in line with `isTaking` and the channel. */
export class ConsumerPlaces<F> {
  private readonly places: Place<F>[];

  constructor(private readonly deps: ConsumerPlacesDeps<F>) {
    this.places = Array.from({ length: deps.count }, () => ({}));
  }

  /** On a new channel: prefetch 1 per consumer, and a consumer for every free place. */
  async setUp(kept: KeptChannel): Promise<void> {
    await kept.channel.prefetch(1);
    for (const place of this.places) if (this.deps.isTaking() && !place.flight && !place.subscription) await this.subscribe(place, kept);
  }

  onChannelClosed(kept: KeptChannel): void {
    for (const place of this.places) {
      if (place.subscription?.kept === kept) place.subscription = undefined;
      if (place.flight !== undefined && this.deps.diesWith(place.flight, kept)) place.flight = undefined;
    }
  }

  /** Takes its place for a delivery that came through `sub`; false if the place is not taking (the delivery must go back). */
  take(sub: Subscription<F>, flight: F): boolean {
    const { place } = sub;
    if (!this.deps.isTaking() || place.subscription !== sub || place.flight !== undefined) return false;
    place.flight = flight;
    return true;
  }

  /** The handler of `flight` finished: its place consumes again (if taking). */
  release(flight: F): void {
    const place = this.placeOf(flight);
    if (!place) return;
    place.flight = undefined;
    void this.refresh();
  }

  /** Cancels the consumer of the place `flight` runs in; resolves on the cancel-ok, after which an ack frees nothing the broker would fill. */
  async vacate(flight: F): Promise<void> {
    const place = this.placeOf(flight);
    if (place) await this.unsubscribe(place);
  }

  /** Consumes in every free place while taking; cancels every consumer otherwise. */
  async refresh(): Promise<void> {
    const kept = this.deps.channel();
    await Promise.all(
      this.places.map(async (place) => {
        if (!this.deps.isTaking()) return this.unsubscribe(place);
        if (place.subscription || place.flight !== undefined || !kept || kept.closed) return;
        await this.subscribe(place, kept).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not consume again; waiting for a new channel'));
      }),
    );
  }

  private placeOf(flight: F): Place<F> | undefined {
    return this.places.find((p) => p.flight === flight);
  }

  private async subscribe(place: Place<F>, kept: KeptChannel): Promise<void> {
    const sub: Subscription<F> = { place, kept };
    place.subscription = sub;
    try {
      const reply = await kept.channel.consume(this.deps.queue, (message) => (message ? this.deps.receive(sub, message) : this.deps.onCancelledByBroker(kept)), {
        noAck: false,
      });
      sub.tag = reply.consumerTag;
    } catch (error) {
      if (place.subscription === sub) place.subscription = undefined;
      throw error;
    }
    if (place.subscription !== sub) await this.cancel(sub); // unsubscribed while the consume-ok was on its way
  }

  private async unsubscribe(place: Place<F>): Promise<void> {
    const sub = place.subscription;
    if (!sub) return;
    place.subscription = undefined;
    await this.cancel(sub);
  }

  private async cancel(sub: Subscription<F>): Promise<void> {
    if (sub.tag === undefined || sub.kept.closed) return;
    await sub.kept.channel.cancel(sub.tag).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not cancel a consumer'));
  }
}
