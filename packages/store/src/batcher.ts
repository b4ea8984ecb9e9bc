interface Pending<I, O> {
  readonly item: I;
  readonly resolve: (out: O) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces concurrent calls into one round trip. Calls made in the same turn of the event loop go out
 * together; calls made while a batch is in flight wait for it and then go out as the next batch. An idle
 * caller therefore waits for nothing, and a busy one (a worker finishing many short trials) sends one
 * statement for many trials instead of one each.
 */
export class Batcher<I, O> {
  private queued: Pending<I, O>[] = [];
  private busy = false;
  private scheduled = false;

  /** `run` gets the items in call order and must return one output per item, in the same order. */
  constructor(
    private readonly run: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly maxBatch = 256,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queued.push({ item, resolve, reject });
      if (!this.busy && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    if (this.busy || this.queued.length === 0) return;
    const batch = this.queued.splice(0, this.maxBatch);
    this.busy = true;
    this.run(batch.map((p) => p.item))
      .then(
        (outs) => batch.forEach((p, i) => p.resolve(outs[i] as O)),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.busy = false;
        this.flush();
      });
  }
}
