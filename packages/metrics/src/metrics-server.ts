import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/** `GET /metrics` of a registry, in Prometheus' text format: the metrics port of workers and the scheduler. */
export function metricsHandler(registry: Registry) {
  return async (): Promise<{ contentType: string; body: string }> => ({
    contentType: registry.contentType,
    body: await registry.metrics(),
  });
}

/** Serves `GET /metrics` (anything else: 404) on `port`; resolves with the port it listens on. */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const render = metricsHandler(registry);
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    render().then(
      ({ contentType, body }) => res.writeHead(200, { "content-type": contentType }).end(body),
      (error: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  return { server, port: (server.address() as AddressInfo).port };
}
