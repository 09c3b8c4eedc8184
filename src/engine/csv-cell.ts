/**
 * One CSV field, safe to open in a spreadsheet. Quoted when it holds a comma, quote or line
 * break (RFC 4180). A text starting with =, +, -, @, tab or carriage return would be read as a
 * formula (CSV injection): as OWASP recommends, it gets a leading single quote, which makes the
 * spreadsheet show it as text. A plain number ("-5", "+1.5e3") is no formula and is kept.
 *
 * @example
 * csvCell('=HYPERLINK("http://x")'); // "\"'=HYPERLINK(\"\"http://x\"\")\""
 * csvCell("-5"); // "-5"
 */
export function csvCell(s: string): string {
  let t = s;
  if (/^[=+\-@\t\r]/.test(t) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) t = `'${t}`;
  return /[",\n\r]/.test(t) || t !== t.trim() ? `"${t.replace(/"/g, '""')}"` : t;
}
