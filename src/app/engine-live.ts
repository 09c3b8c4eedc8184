/**
 * The live ScreenEngine. TEMPORARY: until src/engine/compile-protocol.ts lands this reports
 * that the engine is missing (as a problem, not a crash).
 */
import type { ScreenEngine } from "./engine-api.ts";

export function createLiveEngine(): ScreenEngine {
  const missing = {
    where: "engine",
    message: "the criteria engine is not available in this build",
    severity: "error" as const,
  };
  return {
    load: async () => ({ ok: false, problems: [missing] }),
    affected: () => [],
    evaluate: async () => ({ verdicts: [], problems: [missing] }),
    explain: () => "",
  };
}
