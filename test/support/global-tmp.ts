/**
 * Vitest global setup: one temporary folder for the whole run (`tempDir` makes the tests' files
 * under it), removed when the run ends, so repeated runs leave nothing in the system's tmp.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    tmpRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), "prescreen-tests-"));
  project.provide("tmpRoot", root);
  return () => rmSync(root, { recursive: true, force: true });
}
