import type { IncomingMessage } from "node:http";
import type { Logger } from "pino";

/** At debug level, every request with its headers (the logger redacts `authorization`: main.ts). */
export function logRequest(logger: Logger, req: IncomingMessage): void {
  logger.debug({ method: req.method, url: req.url, headers: req.headers }, "request");
}
