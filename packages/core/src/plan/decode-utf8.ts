// Plans are UTF-8. A file in another encoding (Latin-1, UTF-16) must fail with where it goes wrong,
// not load as mojibake. A leading BOM is allowed and dropped.
import type { Diagnostic } from './diagnostic.ts';

export type DecodeResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

function validPrefix(bytes: Uint8Array, length: number, stream: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream });
    return true;
  } catch {
    return false;
  }
}

export function decodeUtf8(input: string | Uint8Array, file: string): DecodeResult {
  if (typeof input === 'string') return { ok: true, text: input.startsWith('\uFEFF') ? input.slice(1) : input };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(input) };
  } catch {
    // Binary search for the longest valid prefix (stream: true accepts a sequence cut at the end, so
    // validity is monotonic in length), then step back over a cut sequence: its lead byte is the bad one.
    let low = 0;
    let high = input.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (validPrefix(input, mid, true)) low = mid;
      else high = mid - 1;
    }
    while (low > 0 && !validPrefix(input, low, false)) low--;
    const before = new TextDecoder('utf-8').decode(input.subarray(0, low)).replace(/^\uFEFF/, '');
    const lines = before.split('\n');
    const line = lines.length;
    const col = (lines.at(-1) ?? '').length + 1;
    const byte = input[low] ?? 0;
    return {
      ok: false,
      diagnostic: {
        code: 'not-utf8',
        message: `the plan is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, '0')} at offset ${low})`,
        hint: 'save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`), or remove the stray byte',
        pos: { file, line, col },
      },
    };
  }
}
