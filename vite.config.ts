import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Plugin } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { viteSingleFile } from "vite-plugin-singlefile";

/**
 * After the single-file plugin inlined scripts and styles into index.html, allow exactly those
 * inline scripts in the CSP by hash (still no 'unsafe-inline' and no 'unsafe-eval' for scripts).
 */
function cspHashes(): Plugin {
  return {
    name: "csp-inline-hashes",
    enforce: "post",
    writeBundle(options, bundle) {
      const dir = options.dir ?? "dist-single";
      const path = join(dir, "index.html");
      const html = readFileSync(path, "utf8");
      const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
        .map((m) => m[1] ?? "")
        .filter((code) => code.trim() !== "")
        .map((code) => `'sha256-${createHash("sha256").update(code).digest("base64")}'`);
      writeFileSync(
        path,
        html.replace(/script-src 'self'/, `script-src 'self' ${hashes.join(" ")}`),
      );
      // worker chunks are inlined as blobs; the separately emitted copies are never loaded
      for (const name of Object.keys(bundle))
        if (/\.worker-[\w-]+\.js$/.test(name) && !html.includes(name))
          rmSync(join(dir, name), { force: true });
    },
  };
}

/**
 * Cross-origin isolation (`crossOriginIsolated`): SharedArrayBuffer, so that a large file's
 * table lives once in memory, shared by the page and its workers (without the headers the app
 * works as before, with copies). Every resource of the app is same-origin (fonts, workers, the
 * grid's styles are bundled), which `require-corp` allows.
 */
export const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

export default defineConfig(({ mode }) => ({
  plugins:
    mode === "single"
      ? [svelte(), viteSingleFile({ removeViteModuleLoader: true }), cspHashes()]
      : [svelte()],
  // classic workers in the single file: module workers from blob: URLs do not start on file:// pages
  worker: { format: mode === "single" ? "iife" : "es" },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  build: {
    target: "es2022",
    sourcemap: false,
    ...(mode === "single" ? { outDir: "dist-single" } : {}),
  },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    environment: "node",
    testTimeout: 30000,
    // one tmp folder per run, removed at its end (test/support/temp.ts tempDir)
    globalSetup: ["test/support/global-tmp.ts"],
  },
}));
