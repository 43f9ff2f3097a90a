// Terminal-width arithmetic that understands colour codes and wide characters.
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

export { stringWidth };

/** Cuts `text` to `columns` terminal cells, ending with `ellipsis` when cut. */
export function fitWidth(text: string, columns: number, ellipsis = '…'): string {
  if (columns <= 0) return '';
  if (stringWidth(text) <= columns) return text;
  return cliTruncate(text, columns, { truncationCharacter: ellipsis });
}

/** Pads (or cuts) to exactly `columns` cells. */
export function padWidth(text: string, columns: number, align: 'left' | 'right' = 'left', ellipsis = '…'): string {
  const fitted = fitWidth(text, columns, ellipsis);
  const gap = ' '.repeat(Math.max(0, columns - stringWidth(fitted)));
  return align === 'left' ? fitted + gap : gap + fitted;
}
