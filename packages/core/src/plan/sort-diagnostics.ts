import type { Diagnostic } from './diagnostic.ts';

/** By file, line, column (diagnostics without a position first), then code: stable output. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    if (!a.pos || !b.pos) return (a.pos ? 1 : 0) - (b.pos ? 1 : 0) || cmp(a.code, b.code);
    return cmp(a.pos.file, b.pos.file) || a.pos.line - b.pos.line || a.pos.col - b.pos.col || cmp(a.code, b.code) || cmp(a.message, b.message);
  });
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
