/** Minimal flag parser: `--name value`, `--name=value`, repeated flags collect into arrays. */
export interface ParsedArgs {
  command: string | undefined;
  flags: Map<string, string[]>;
  positional: string[];
}

const BOOLEAN_FLAGS = new Set(["help", "raw", "quiet", "wide", "json", "progress", "strict"]);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      let value: string;
      if (eq > 0) value = a.slice(eq + 1);
      else if (BOOLEAN_FLAGS.has(name)) value = "true";
      else {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith("--"))
          throw new UsageError(`--${name} needs a value`);
        value = next;
        i++;
      }
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else if (command === undefined) command = a;
    else positional.push(a);
  }
  return { command, flags, positional };
}

export class UsageError extends Error {
  override name = "UsageError";
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return v?.[v.length - 1];
}

export function requireFlag(args: ParsedArgs, name: string, what: string): string {
  const v = flag(args, name);
  if (v === undefined) throw new UsageError(`missing --${name} ${what}`);
  return v;
}
