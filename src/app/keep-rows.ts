import { KEEP_RAW_ROWS } from "../ingest/browser/ingest-api.ts";

/**
 * The largest table the ingest worker keeps after Confirm and the mapping step previews live:
 * `KEEP_RAW_ROWS`, or less when the page's address says `?keepRows=N`. The browser tests use
 * it to drive the path of a larger table (handed over at Confirm, the File read again when the
 * mapping is changed) with a small file; it can only lower the limit.
 */
export function keepRows(): number {
  const asked = Number(new URLSearchParams(globalThis.location?.search ?? "").get("keepRows"));
  return Number.isInteger(asked) && asked > 0 ? Math.min(asked, KEEP_RAW_ROWS) : KEEP_RAW_ROWS;
}
