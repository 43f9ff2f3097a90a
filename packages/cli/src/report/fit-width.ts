// Terminal-width arithmetic that understands colour codes and wide characters.
import cliTruncate from 'cli-truncate';
import rawStringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const widths = new Map<string, number>();

/**
 * Terminal cells of `text`. Plain ASCII (most cells of a big table) skips the Unicode tables, and
 * the rest (coloured status cells, symbols) repeats, so it is remembered.
 */
export function stringWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = widths.get(text);
  if (width === undefined) {
    if (widths.size > 10_000) widths.clear();
    width = rawStringWidth(text);
    widths.set(text, width);
  }
  return width;
}

/** Cuts `text` to `columns` terminal cells, with `ellipsis` where it was cut (the end by default). */
export function fitWidth(text: string, columns: number, ellipsis = '…', position: 'end' | 'middle' = 'end'): string {
  if (columns <= 0) return '';
  if (stringWidth(text) <= columns) return text;
  return cliTruncate(text, columns, { truncationCharacter: ellipsis, position });
}

/** Pads (or cuts) to exactly `columns` cells. */
export function padWidth(text: string, columns: number, align: 'left' | 'right' = 'left', ellipsis = '…', position: 'end' | 'middle' = 'end'): string {
  const fitted = fitWidth(text, columns, ellipsis, position);
  const gap = ' '.repeat(Math.max(0, columns - stringWidth(fitted)));
  return align === 'left' ? fitted + gap : gap + fitted;
}
