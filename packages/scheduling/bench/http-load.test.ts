import { describe, expect, it } from "vitest";
import { childCpuSeconds, parseWrkReport } from "./http-load.js";

const REPORT = `Running 10s test @ http://127.0.0.1:40123/v1/studies/7/leaderboard
  1 threads and 200 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    14.52ms    3.10ms  1.02s    91.20%
    Req/Sec    13.81k     1.02k   15.90k    70.00%
  Latency Distribution
     50%  850.00us
     75%   15.20ms
     90%   17.80ms
     99%    1.20s
  137512 requests in 10.01s, 96.21MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:  13737.46
Transfer/sec:      9.61MB
`;

describe("parseWrkReport", () => {
  it("reads requests, requests/s, percentiles in wrk's units and every kind of error", () => {
    expect(parseWrkReport(REPORT)).toEqual({ requests: 137512, rps: 13737.46, p50Ms: 0.85, p99Ms: 1200, errors: 9 });
  });

  it("counts no errors when wrk prints none", () => {
    const clean = REPORT.replace(/^\s*Socket errors.*\n/m, "").replace(/^\s*Non-2xx.*\n/m, "");
    expect(parseWrkReport(clean).errors).toBe(0);
  });

  it("refuses a report without the latency distribution", () => {
    expect(() => parseWrkReport(REPORT.replace(/^\s*99%.*\n/m, ""))).toThrow(/99% latency/);
  });
});

describe("childCpuSeconds", () => {
  it("adds the waited-for children's user and system ticks (fields 16 and 17)", () => {
    // pid (comm with spaces) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
    const stat = "4242 (sh -c x) S 1 4242 4242 0 -1 4194304 90 300 0 0 1 2 734 161 20 0 1 0 100 2000000 200";
    expect(childCpuSeconds(stat)).toBeCloseTo(8.95, 10);
  });
});
