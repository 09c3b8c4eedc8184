export function eventsSql(file: (table: string) => string, date: string): string;
