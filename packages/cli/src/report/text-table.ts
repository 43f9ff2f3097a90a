// A borderless aligned table for terminals: columns sized to their widest cell, the flexible column
// cut so every line fits the terminal.
import { fitWidth, padWidth, stringWidth } from './fit-width.ts';

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /** The one column that gives up width when the table is too wide (the last one by default). */
  flexible?: boolean;
}

export function renderTable(
  columns: TableColumn[],
  rows: string[][],
  options: { maxWidth: number; ellipsis?: string; styleHeader?: (text: string) => string },
): string[] {
  const gap = 2;
  const widths = columns.map((column, i) => Math.max(stringWidth(column.header), ...rows.map((row) => stringWidth(row[i] ?? ''))));
  const flexIndex = Math.max(0, columns.findIndex((c) => c.flexible) === -1 ? columns.length - 1 : columns.findIndex((c) => c.flexible));
  const total = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  const over = total - options.maxWidth;
  if (over > 0) widths[flexIndex] = Math.max(3, (widths[flexIndex] ?? 0) - over);
  // Every cell is cut to its column, so a line can only overflow when even the shrunk table is too wide.
  const fits = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1) <= options.maxWidth;
  const line = (cells: string[]): string => {
    const text = columns
      .map((column, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        // The last column is not padded, so lines carry no trailing spaces.
        if (i === columns.length - 1 && column.align !== 'right') return fitWidth(cell, width, options.ellipsis);
        return padWidth(cell, width, column.align ?? 'left', options.ellipsis);
      })
      .join(' '.repeat(gap));
    return fits ? text.trimEnd() : fitWidth(text.trimEnd(), options.maxWidth, options.ellipsis);
  };
  const header = line(columns.map((c) => c.header));
  return [options.styleHeader ? options.styleHeader(header) : header, ...rows.map(line)];
}
