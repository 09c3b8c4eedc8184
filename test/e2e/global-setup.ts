/**
 * Builds the app once into test-output/e2e-dist and serves it on 127.0.0.1 (random port).
 * E2E_SKIP_BUILD=1 reuses the last build.
 */
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildApp, ROOT, serve } from "./serve.ts";

export const DIST = join(ROOT, "test-output/e2e-dist");

export default async function setup(project: TestProject) {
  if (!process.env.E2E_SKIP_BUILD) await buildApp(DIST);
  const server = await serve(DIST);
  project.provide("baseUrl", server.url);
  return () => server.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
