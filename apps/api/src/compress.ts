import compression from "compression";

/** Answers of this many bytes or more are gzipped for a client that accepts it; smaller ones are not worth it. */
export const COMPRESS_FROM = 32 * 1024;

/**
 * Large answers (a 10,000-trial table is ~3 MB of JSON, the dashboard's scripts ~1 MB) go out gzipped
 * at the fastest level: ~4x smaller for ~15 ms per MB. Not the event stream, which must not be buffered.
 * Express runs it on every request; the ask/tell fast path on its answers of COMPRESS_FROM bytes or more
 * (compression reads only the request's method and headers, and Express's `path`, absent there).
 */
export const compress = compression({
  level: 1,
  threshold: COMPRESS_FROM,
  filter: (req, res) => req.path !== "/v1/events" && compression.filter(req, res),
});
