import type { SourceProfile } from "../src/events/profile.ts";
export function eventsSql(
  file: (table: string) => string,
  date: string,
  profile: SourceProfile,
  params?: Record<string, number>,
): string;
