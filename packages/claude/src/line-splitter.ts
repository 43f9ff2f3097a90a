// Cuts a byte stream into lines. Chunks end anywhere (mid-line, mid-UTF-8 character); a final line
// without a newline is flushed at the end.
import { StringDecoder } from 'node:string_decoder';

export interface LineSplitter {
  push(chunk: Buffer | string): void;
  /** Emits what is left as a last line, if anything. */
  end(): void;
}

export function createLineSplitter(onLine: (line: string) => void): LineSplitter {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const drain = (text: string): void => {
    pending += text;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      if (line.length > 0) onLine(line);
      newline = pending.indexOf('\n');
    }
  };
  return {
    push(chunk) {
      drain(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    },
    end() {
      drain(decoder.end());
      const rest = pending.replace(/\r$/, '');
      pending = '';
      if (rest.length > 0) onLine(rest);
    },
  };
}
