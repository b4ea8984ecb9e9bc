/**
 * A worker's trial slots: a trial takes `k` of them for its whole run (a `cpus: k` trial on a CPU worker),
 * waiting first-come first-served until that many are free, so the trials running never hold more than
 * `capacity`. A trial larger than the whole worker is refused (the consumer hands its job back).
 */
export class SlotGate {
  private used = 0;
  private readonly queue: { slots: number; grant(): void }[] = [];

  constructor(readonly capacity: number) {}

  /** Slots held by running trials and asked for by waiting ones: at `capacity`, the consumer stops fetching. */
  get demand(): number {
    return this.used + this.queue.reduce((sum, w) => sum + w.slots, 0);
  }

  get inUse(): number {
    return this.used;
  }

  /** The release of `slots` when they are free now and no trial waits before this one; else null. */
  tryAcquire(slots: number): (() => void) | null {
    this.check(slots);
    if (this.queue.length > 0 || this.used + slots > this.capacity) return null;
    this.used += slots;
    return this.releaser(slots);
  }

  /** Resolves with the release of `slots` once they are held; in arrival order (a big trial is not starved). */
  async acquire(slots: number): Promise<() => void> {
    const now = this.tryAcquire(slots);
    if (now) return now;
    await new Promise<void>((grant) => this.queue.push({ slots, grant }));
    return this.releaser(slots);
  }

  private check(slots: number): void {
    if (!Number.isInteger(slots) || slots < 1 || slots > this.capacity)
      throw new RangeError(`a trial takes 1 to ${this.capacity} slots here, not ${slots}`);
  }

  private releaser(slots: number): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= slots;
      this.grantWaiting();
    };
  }

  private grantWaiting(): void {
    for (let next = this.queue[0]; next && this.used + next.slots <= this.capacity; next = this.queue[0]) {
      this.queue.shift();
      this.used += next.slots;
      next.grant();
    }
  }
}
