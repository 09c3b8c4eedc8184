/**
 * Builds the app once into test-output/e2e-dist and serves it on 127.0.0.1 (random port)
 * with a tiny static server that sends the same CSP a hospital deployment would.
 */
import { createServer, type Server } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { build } from "vite";

const ROOT = resolve(import.meta.dirname, "../..");
export const DIST = join(ROOT, "test-output/e2e-dist");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

let server: Server | undefined;

export default async function setup(project: TestProject) {
  if (!process.env.E2E_SKIP_BUILD)
    await build({ root: ROOT, logLevel: "warn", build: { outDir: DIST, emptyOutDir: true } });
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(DIST, path === "/" ? "index.html" : path));
    if (!file.startsWith(DIST)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  project.provide("baseUrl", `http://127.0.0.1:${port}/`);
  return async () => {
    await new Promise<void>((r) => server?.close(() => r()));
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
