import type { StudyEvent, TrialEvent } from "@rectune/api-contract";
import { describe, expect, it } from "vitest";
import { type ChangeSource, LiveHub } from "./live-hub.js";

type Watcher = Parameters<ChangeSource["watch"]>[0];

function setup() {
  let watcher: Watcher | undefined;
  let watches = 0;
  const source: ChangeSource = {
    watch: (w) => {
      watches++;
      watcher = w;
      return () => (watcher = undefined);
    },
  };
  const trialReads: number[][] = [];
  const studyReads: number[][] = [];
  let release: (() => void) | undefined;
  const trialEvent = (id: number): TrialEvent =>
    ({ type: "trial", studyId: Math.floor(id / 100), trial: { number: id % 100 } }) as unknown as TrialEvent;
  const hub = new LiveHub(
    source,
    {
      trials: async (ids) => {
        trialReads.push([...ids]);
        if (trialReads.length === 1) await new Promise<void>((r) => (release = r));
        return ids.map(trialEvent);
      },
      studies: async (ids) => {
        studyReads.push([...ids]);
        return ids.map((id) => ({ type: "study", studyId: id, status: "RUNNING" }) as unknown as StudyEvent);
      },
    },
    { studyEveryMs: 0 },
  );
  return { hub, watcher: () => watcher!, watches: () => watches, trialReads, studyReads, release: () => release?.() };
}

const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 1));
};

describe("LiveHub", () => {
  it("reads only watched studies, batches changes that arrive during a read, and routes events by topic", async () => {
    const s = setup();
    const one: string[] = [];
    const list: string[] = [];
    s.hub.subscribe({ study: 1 }, (f) => one.push(f));
    s.hub.subscribe({ studies: "all" }, (f) => list.push(f));
    expect(s.watches()).toBe(1);
    expect(one).toEqual(['event: feed\ndata: {"type":"feed","live":false}\n\n']);
    s.watcher().listening(true);
    s.watcher().trialChanged(1, 101);
    // While the first round is in flight, three more changes arrive: they go out as one read.
    s.watcher().trialChanged(1, 102);
    s.watcher().trialChanged(1, 103);
    s.watcher().trialChanged(1, 102);
    s.release();
    await until(() => s.trialReads.length === 2);
    expect(s.trialReads).toEqual([[101], [102, 103]]);
    await until(() => one.filter((f) => f.startsWith("event: trial")).length === 3);
    // The list sees study events (progress), not trials.
    await until(() => list.some((f) => f.startsWith("event: study")));
    expect(list.some((f) => f.startsWith("event: trial"))).toBe(false);
    expect(one.some((f) => f.startsWith("event: study"))).toBe(true);
    s.hub.close();
  });

  it("ignores changes of studies nobody watches once the list is gone, and tells everyone when the feed drops", async () => {
    const s = setup();
    const one: string[] = [];
    const list: string[] = [];
    s.hub.subscribe({ study: 1 }, (f) => one.push(f));
    const leave = s.hub.subscribe({ studies: "all" }, (f) => list.push(f));
    leave();
    s.watcher().trialChanged(2, 201);
    s.watcher().studyChanged(2);
    expect(s.trialReads).toEqual([]);
    s.watcher().listening(false);
    expect(one.at(-1)).toBe('event: feed\ndata: {"type":"feed","live":false}\n\n');
    expect(s.hub.size).toBe(1);
    s.hub.close();
  });
});
