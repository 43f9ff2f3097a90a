// Terminal-width arithmetic that understands colour codes and wide characters.
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

export { stringWidth };

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
