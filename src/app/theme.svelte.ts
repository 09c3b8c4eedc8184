/**
 * Light/dark theme: follows prefers-color-scheme until the user picks one; the choice (a
 * setting, not patient data) is kept in localStorage.
 */
const KEY = "cohort-prescreener.theme";

export class Theme {
  dark = $state(false);

  constructor() {
    const stored = safeGet();
    const media =
      typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
    this.dark = stored ? stored === "dark" : (media?.matches ?? false);
    media?.addEventListener("change", (e) => {
      if (!safeGet()) this.set(e.matches, false);
    });
    this.apply();
  }

  /** whether a theme choice is stored in this browser */
  remembered = $state(safeGet() !== null);

  /** Forgets the stored choice and follows the system theme again. */
  forget() {
    try {
      localStorage.removeItem(KEY);
    } catch {
      // nothing stored
    }
    this.remembered = false;
    this.set(
      typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches,
      false,
    );
  }

  toggle() {
    this.set(!this.dark, true);
  }

  private set(dark: boolean, remember: boolean) {
    this.dark = dark;
    if (remember) {
      try {
        localStorage.setItem(KEY, dark ? "dark" : "light");
        this.remembered = true;
      } catch {
        // storage may be disabled (file://, private mode): the toggle still works for this visit
      }
    }
    this.apply();
  }

  private apply() {
    if (typeof document !== "undefined")
      document.documentElement.dataset.theme = this.dark ? "dark" : "light";
  }
}

function safeGet(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
