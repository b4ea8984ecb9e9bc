import type { OutgoingHttpHeaders, ServerResponse } from "node:http";

/** How Express tags a body (its app's `etag fn`, a weak ETag); undefined: no ETag. */
export type EtagOf = ((body: string) => string | undefined) | undefined;

/**
 * Sends a JSON answer's text outside Express with the headers Express's `res.json` gives it: the type
 * with `charset=utf-8`, the length, and the app's ETag (Express tags every body it sends, a POST's too).
 * One write: the headers and the text go out together.
 */
export function writeJson(
  res: ServerResponse,
  status: number,
  text: string,
  etagOf: EtagOf,
  headers: OutgoingHttpHeaders = {},
  type = "application/json",
): void {
  const etag = etagOf?.(text);
  res
    .writeHead(status, {
      ...headers,
      "Content-Type": `${type}; charset=utf-8`,
      "Content-Length": Buffer.byteLength(text),
      ...(etag ? { ETag: etag } : {}),
    })
    .end(text);
}
