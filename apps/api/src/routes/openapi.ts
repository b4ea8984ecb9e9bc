import { openApiDocument } from "@rectune/api-contract";
import { Router } from "express";

const escape = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

type Operation = { summary: string; requestBody?: unknown; parameters: { name: string; in: string }[] };

/**
 * The docs page: every operation of the OpenAPI document with its parameters and schemas, rendered here
 * (no script, nothing fetched from elsewhere: the API may run where nothing else is reachable).
 */
function docsPage(doc: ReturnType<typeof openApiDocument>): string {
  const paths = doc.paths as Record<string, Record<string, Operation>>;
  const sections = Object.entries(paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const params = op.parameters.map((p) => `${p.name} (${p.in})`).join(", ");
      return `<details><summary><code>${method.toUpperCase()} ${escape(path)}</code> — ${escape(op.summary)}</summary>
${params ? `<p>Parameters: ${escape(params)}</p>` : ""}<pre>${escape(JSON.stringify(op, null, 2))}</pre></details>`;
    }),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rectune API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
summary{cursor:pointer;padding:.3rem 0}pre{background:#f5f5f5;padding:.75rem;overflow:auto;font-size:12px}</style></head>
<body><h1>rectune API ${escape(String((doc.info as { version: string }).version))}</h1>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are
<code>application/problem+json</code> with the offending <code>field</code>.</p>
${sections.join("\n")}
</body></html>`;
}

/** `GET /openapi.json` (the API's OpenAPI 3.1 document) and `GET /docs` (the same, readable). */
export function openApiRouter(): Router {
  const router = Router();
  const doc = openApiDocument();
  const json = JSON.stringify(doc);
  const page = docsPage(doc);
  router.get("/openapi.json", (_req, res) => {
    res.type("application/json").send(json);
  });
  router.get("/docs", (_req, res) => {
    res.type("text/html").send(page);
  });
  return router;
}
