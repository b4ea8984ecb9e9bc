import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { Router } from "express";

/** Paths the dashboard's fallback never answers: the API's own. */
const API_PATHS = /^\/(v1|healthz|readyz|openapi)(\/|\.|$)/;

/**
 * Serves the dashboard's built files (apps/dashboard/dist) at `/`, and index.html for any other GET
 * that asks for HTML (the single-page app's own routes, e.g. /studies/3); API routes keep priority.
 * Hashed assets are cached for a year, index.html revalidated. Without a build, `/` says how to make one.
 */
export function dashboardRouter(dir: string): { router: Router; built: boolean } {
  const router = Router();
  const index = join(dir, "index.html");
  const built = existsSync(index);
  if (!built) {
    router.get("/", (_req, res) => {
      res
        .status(404)
        .type("text/plain")
        .send("The dashboard is not built: run `npm run build -w @rectune/dashboard`, then restart the API.\n");
    });
    return { router, built };
  }
  router.use("/assets", express.static(join(dir, "assets"), { immutable: true, maxAge: "365d", fallthrough: false }));
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.get(/.*/, (req, res, next) => {
    if (API_PATHS.test(req.path) || !req.accepts("html")) return next();
    res.setHeader("cache-control", "no-cache");
    res.sendFile(index);
  });
  return { router, built };
}
