import rawStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fitWidth, padWidth, stringWidth } from './fit-width.ts';
import { makeStyle } from './terminal-style.ts';

describe('stringWidth', () => {
  const style = makeStyle({ color: true, unicode: true });
  const symbols = Object.values(style.sym).flat();

  it('counts every symbol the reports use, bare and coloured, as string-width does', () => {
    for (const text of [...symbols, ...symbols.map((s) => style.color.green(`${s} ok`)), style.color.bold(style.color.red('✖ failed'))]) {
      expect(stringWidth(text), JSON.stringify(text)).toBe(rawStringWidth(text));
    }
  });

  it('counts wide characters, emoji and combining marks as string-width does', () => {
    for (const text of ['漢字', 'a👍b', 'e\u0301', style.color.cyan('名前'), '\u00e9t\u00e9']) {
      expect(stringWidth(text), JSON.stringify(text)).toBe(rawStringWidth(text));
    }
    expect(stringWidth('漢字')).toBe(4);
  });

  it('cuts and pads by terminal cells', () => {
    expect(fitWidth('漢字漢字', 5)).toBe('漢字…');
    expect(stringWidth(padWidth('漢字', 6))).toBe(6);
    expect(padWidth('✔ ok', 6, 'right')).toBe('  ✔ ok');
  });
});
