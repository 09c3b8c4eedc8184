/** Server-render a chart and read its markup back: tiny helpers for the render tests. */
import { render } from "svelte/server";
import type { Component, ComponentProps } from "svelte";

export interface Tag {
  name: string;
  attrs: Record<string, string>;
  /** text up to the next tag, unescaped for the few entities Svelte writes */
  text: string;
}

type AnyComponent = Component<any>;

export function renderChart<C extends AnyComponent>(
  component: C,
  props: ComponentProps<C>,
): string {
  // svelte's overloads cannot see that ComponentProps<C> fits C; the call is the same
  const ssr = render as (c: AnyComponent, o: { props: unknown }) => { body: string };
  return ssr(component, { props }).body;
}

const unescape = (s: string) =>
  s
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");

/** Every opening tag in document order, with attributes and following text. */
export function tags(html: string): Tag[] {
  const clean = html.replace(/<!--[\s\S]*?-->/g, "");
  const out: Tag[] = [];
  const re = /<([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>([^<]*)/g;
  for (const m of clean.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? "").matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
      attrs[a[1]!] = unescape(a[2] ?? "");
    }
    out.push({ name: m[1]!, attrs, text: unescape(m[3] ?? "") });
  }
  return out;
}

/** Whether a tag's class list contains `cls`. */
export function hasClass(tag: Tag, cls: string): boolean {
  return (tag.attrs.class ?? "").split(/\s+/).includes(cls);
}

/** Tags whose class list contains `cls`. */
export function byClass(all: Tag[], cls: string): Tag[] {
  return all.filter((t) => hasClass(t, cls));
}

/** Tags with an attribute, optionally equal to a value. */
export function byAttr(all: Tag[], attr: string, value?: string): Tag[] {
  return all.filter((t) => attr in t.attrs && (value === undefined || t.attrs[attr] === value));
}

/** The first tag after `start` (inclusive index) matching `pred`. */
export function after(all: Tag[], start: Tag, pred: (t: Tag) => boolean): Tag | undefined {
  return all.slice(all.indexOf(start)).find(pred);
}

/** Markup for a snapshot file: no hydration comments or scoped-class hashes, one tag per line. */
export function pretty(html: string): string {
  return (
    html
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/ svelte-[a-z0-9]+/g, "")
      .replace(/class="svelte-[a-z0-9]+"/g, "")
      .replace(/<(?!\/)/g, "\n<")
      .trim() + "\n"
  );
}

export const num = (s: string | undefined) => Number(s);
export const THIN = "\u202f";
/** Puts thin spaces where digit groups meet: t("1 264") is "1\u202f264". */
export const t = (s: string) => s.replace(/(\d) (?=\d{3}\b)/g, `$1${THIN}`);
