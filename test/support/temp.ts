/** A fresh folder for a test's files, under the run's folder (removed at the end: global-tmp.ts). */
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import "./global-tmp.ts";

export function tempDir(prefix: string): string {
  return mkdtempSync(join(inject("tmpRoot"), prefix));
}
