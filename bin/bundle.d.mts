/** Path of a runnable ES module bundling the TypeScript entry `src` (see bundle.mjs). */
export function bundleScript(src: string, name: string): Promise<string>;
