import { defineConfig } from "vite";

// `vite dev` serves the app with hot reload and proxies the API (RECTUNE_API_URL, else the local
// default); `vite build` writes static files to dist/, which the API serves at /. No React plugin:
// esbuild compiles the JSX (the automatic runtime), which is all a production build needs.
const api = process.env.RECTUNE_API_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  esbuild: { jsx: "automatic" },
  server: {
    proxy: {
      "/v1": { target: api, changeOrigin: true },
      "/healthz": api,
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // ECharts is imported dynamically (charts/chart.tsx): it becomes a chunk of its own, loaded with
    // the first chart, and the app's code can change without busting the browser's copy of it.
    chunkSizeWarningLimit: 700,
  },
});
