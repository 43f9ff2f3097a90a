import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './decode-utf8.ts';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeUtf8', () => {
  it('decodes UTF-8 and drops a BOM', () => {
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'version: 1\nname: café\n'), 'p.yaml')).toEqual({
      ok: true,
      text: 'version: 1\nname: café\n',
    });
  });

  it('reports the line and column of the first invalid byte', () => {
    const result = decodeUtf8(bytes('version: 1\nname: caf', [0xe9], '\n'), 'p.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostic.code).toBe('not-utf8');
    expect(result.diagnostic.pos).toEqual({ file: 'p.yaml', line: 2, col: 10 });
    expect(result.diagnostic.message).toContain('0xe9');
    expect(result.diagnostic.hint).toMatch(/UTF-8/);
  });

  it('rejects UTF-16 at the first byte', () => {
    const result = decodeUtf8(Buffer.from('\uFEFFversion: 1', 'utf16le'), 'p.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostic.pos).toMatchObject({ line: 1, col: 1 });
  });

  it('counts multi-byte characters as one column', () => {
    const result = decodeUtf8(bytes('é€', [0xff]), 'p.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostic.pos).toMatchObject({ line: 1, col: 3 });
  });
});
