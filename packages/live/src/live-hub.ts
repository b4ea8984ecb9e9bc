import type { LiveEvent, StudyEvent, TrialEvent } from "@rectune/api-contract";

/** The change notifications the hub listens to (the store's StudyFeed has this shape). */
export interface ChangeSource {
  watch(watcher: {
    trialChanged(studyId: number, trialId: number): void;
    studyChanged(studyId: number): void;
    listening(on: boolean): void;
  }): () => void;
}

/** How the hub turns changed ids into events: one read per round for all of them. */
export interface EventReader {
  trials(trialIds: readonly number[]): Promise<TrialEvent[]>;
  studies(studyIds: readonly number[]): Promise<StudyEvent[]>;
}

/**
 * What a client subscribes to: one study's trials and status, or every study's status (the list), of one
 * project when `projectId` is given.
 */
export type Topic = { readonly study: number } | { readonly studies: "all"; readonly projectId?: number };

export interface LiveHubOptions {
  /** Study events of one study go out at most this often (progress moves with every trial). */
  readonly studyEveryMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** One server-sent-events frame. */
export const frame = (event: LiveEvent): string => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * Fans the process's one change feed out to any number of live clients. A notification names a changed
 * trial or study; changes that arrive while a read is in flight wait for it and go out together in the
 * next round, so a busy study costs one query per round however many clients watch it, and an idle hub
 * reads nothing. Only changes some client watches are read. Each event is serialized once per round and
 * the same frame is written to every client that watches it.
 */
export class LiveHub {
  private readonly clients = new Map<number, { topic: Topic; send: (frame: string) => void }>();
  private nextId = 0;
  private readonly pendingTrials = new Set<number>();
  private readonly pendingStudies = new Set<number>();
  private trialRound: Promise<void> | undefined;
  private studyTimer: NodeJS.Timeout | undefined;
  private lastStudyRound = 0;
  private unwatch: (() => void) | undefined;
  private live = false;

  constructor(
    private readonly source: ChangeSource,
    private readonly reader: EventReader,
    private readonly options: LiveHubOptions = {},
  ) {}

  /** Adds a client; returns the function that removes it. The first client starts listening. */
  subscribe(topic: Topic, send: (frame: string) => void): () => void {
    // Watching starts with the first client, before it is added: it hears the feed's state once, below.
    this.unwatch ??= this.source.watch({
      trialChanged: (studyId, trialId) => {
        if (!this.watched(studyId)) return;
        this.pendingTrials.add(trialId);
        this.pendingStudies.add(studyId);
        this.kick();
      },
      studyChanged: (studyId) => {
        if (!this.watched(studyId)) return;
        this.pendingStudies.add(studyId);
        this.kick();
      },
      listening: (on) => {
        this.live = on;
        this.broadcast({ type: "feed", live: on });
      },
    });
    const id = this.nextId++;
    this.clients.set(id, { topic, send });
    send(frame({ type: "feed", live: this.live }));
    return () => {
      this.clients.delete(id);
    };
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearTimeout(this.studyTimer);
    this.unwatch?.();
    this.unwatch = undefined;
    this.clients.clear();
  }

  private watched(studyId: number): boolean {
    for (const { topic } of this.clients.values()) if ("studies" in topic || topic.study === studyId) return true;
    return false;
  }

  private broadcast(event: LiveEvent, studyId?: number): void {
    const text = frame(event);
    for (const { topic, send } of this.clients.values()) {
      const wants =
        studyId === undefined ||
        ("study" in topic
          ? topic.study === studyId
          : event.type === "study" && (topic.projectId === undefined || event.projectId === topic.projectId));
      if (wants) send(text);
    }
  }

  private kick(): void {
    if (this.pendingTrials.size > 0 && !this.trialRound) this.trialRound = this.trialLoop();
    if (this.pendingStudies.size > 0 && !this.studyTimer) {
      const wait = Math.max(0, this.lastStudyRound + (this.options.studyEveryMs ?? 250) - Date.now());
      this.studyTimer = setTimeout(() => void this.studyRound(), wait);
    }
  }

  private async trialLoop(): Promise<void> {
    // Rounds follow each other while changes keep coming; each reads what arrived during the last one.
    while (this.pendingTrials.size > 0) {
      const ids = [...this.pendingTrials];
      this.pendingTrials.clear();
      try {
        for (const event of await this.reader.trials(ids)) this.broadcast(event, event.studyId);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
    this.trialRound = undefined;
  }

  private async studyRound(): Promise<void> {
    const ids = [...this.pendingStudies];
    this.pendingStudies.clear();
    try {
      for (const event of await this.reader.studies(ids)) this.broadcast(event, event.studyId);
    } catch (error) {
      this.options.onError?.(error);
    }
    this.lastStudyRound = Date.now();
    this.studyTimer = undefined;
    this.kick();
  }
}
