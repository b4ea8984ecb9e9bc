import pg from "pg";

/** What a listener of the feed is told. */
export interface NotificationWatcher {
  /** A notification arrived on one of the feed's channels. */
  notified(channel: string, payload: string): void;
  /**
   * Whether notifications are being delivered. `false` (the connection dropped) means some may be missed
   * from now on, so everything derived from earlier reads must be forgotten or read again; `true` comes
   * once LISTEN is in place again, and notifications committed after that are delivered.
   */
  listening(on: boolean): void;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * One dedicated connection that LISTENs on a fixed set of channels for the whole process and fans the
 * notifications out to its watchers (the leaderboard answers kept in memory, the live events the
 * dashboard streams). It connects on the first `watch`, reconnects with a growing pause when the
 * connection drops, and tells the watchers when delivery stops and starts again: a notification sent
 * while no connection listened is lost, so only the watchers can decide what that invalidates.
 */
export class NotificationFeed {
  private readonly watchers = new Set<NotificationWatcher>();
  private client: pg.Client | undefined;
  private live = false;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connectionString: string,
    readonly channels: readonly string[],
  ) {}

  /** Adds a watcher (told at once whether the feed is live); returns the function that removes it. */
  watch(watcher: NotificationWatcher): () => void {
    this.watchers.add(watcher);
    watcher.listening(this.live);
    if (!this.client && !this.retryTimer && !this.closed) void this.connect();
    return () => this.watchers.delete(watcher);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.setLive(false);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    this.client = client;
    client.on("notification", (message) => {
      if (!this.channels.includes(message.channel)) return;
      for (const watcher of this.watchers) watcher.notified(message.channel, message.payload ?? "");
    });
    // A dropped connection ends in `error` and/or `end`; either one is enough to start over once. The
    // watchers hear of it through listening(false); the cause itself changes nothing for them.
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      this.setLive(false);
      if (this.client === client) this.client = undefined;
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on("error", onLost);
    client.on("end", () => onLost());
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    } catch {
      onLost();
      return;
    }
    if (lost || this.closed) return;
    this.retryMs = RETRY_MIN_MS;
    this.setLive(true);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, this.retryMs);
    // A process that has nothing else to do is not kept alive by the retry alone.
    this.retryTimer.unref();
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }

  private setLive(on: boolean): void {
    if (this.live === on) return;
    this.live = on;
    for (const watcher of this.watchers) watcher.listening(on);
  }
}
