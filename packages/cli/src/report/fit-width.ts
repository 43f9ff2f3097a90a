// Terminal-width arithmetic that understands colour codes and wide characters.
import { createRequire } from 'node:module';
import type CliTruncate from 'cli-truncate';
import type RawStringWidth from 'string-width';

// string-width and cli-truncate build Unicode tables when they load (~20 ms): only text that is not
// plain ASCII plus our own one-cell symbols needs them, so they load then.
const load = createRequire(import.meta.url);
let rawStringWidth: typeof RawStringWidth | undefined;
let cliTruncate: typeof CliTruncate | undefined;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * Printable ASCII, the symbols of terminal-style.ts (each one cell: a test checks them against
 * string-width) and SGR colour codes: the cells are the characters left without the codes.
 */
const SIMPLE = /^(?:[\x20-\x7e✔✖◆○↻…·⚠→]|\x1b\[[0-9;]*m)*$/;
const SGR = /\x1b\[[0-9;]*m/g;

const widths = new Map<string, number>();

/**
 * Terminal cells of `text`. Plain ASCII and coloured status cells (most cells of a big table) skip the
 * Unicode tables, and the rest repeats, so it is remembered.
 */
export function stringWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  if (SIMPLE.test(text)) return text.replace(SGR, '').length;
  let width = widths.get(text);
  if (width === undefined) {
    if (widths.size > 10_000) widths.clear();
    rawStringWidth ??= (load('string-width') as { default: typeof RawStringWidth }).default;
    width = rawStringWidth(text);
    widths.set(text, width);
  }
  return width;
}

/** Cuts `text` to `columns` terminal cells, with `ellipsis` where it was cut (the end by default). */
export function fitWidth(text: string, columns: number, ellipsis = '…', position: 'end' | 'middle' = 'end'): string {
  if (columns <= 0) return '';
  if (stringWidth(text) <= columns) return text;
  cliTruncate ??= (load('cli-truncate') as { default: typeof CliTruncate }).default;
  return cliTruncate(text, columns, { truncationCharacter: ellipsis, position });
}

/** Pads (or cuts) to exactly `columns` cells. */
export function padWidth(text: string, columns: number, align: 'left' | 'right' = 'left', ellipsis = '…', position: 'end' | 'middle' = 'end'): string {
  const fitted = fitWidth(text, columns, ellipsis, position);
  const gap = ' '.repeat(Math.max(0, columns - stringWidth(fitted)));
  return align === 'left' ? fitted + gap : gap + fitted;
}
