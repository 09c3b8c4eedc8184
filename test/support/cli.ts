import { main } from "../../src/cli/main.ts";

/** Runs `prescreen` in-process: exit code, standard output and standard error as text. */
export async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (s) => out.push(s),
    (s) => err.push(s),
  );
  return { code, out: out.join("\n"), err: err.join("\n") };
}
