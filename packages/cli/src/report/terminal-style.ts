// What the terminal we write to can show: colours, Unicode symbols, its size, whether to redraw in
// place. Decided once from the stream and the environment, so the renderers stay pure.
import picocolors from 'picocolors';

export type Colors = ReturnType<typeof picocolors.createColors>;

export interface Symbols {
  succeeded: string;
  failed: string;
  cached: string;
  skipped: string;
  retrying: string;
  waiting: string;
  queued: string;
  warning: string;
  arrow: string;
  ellipsis: string;
  separator: string;
  spinner: readonly string[];
}

const UNICODE: Symbols = {
  succeeded: '✔',
  failed: '✖',
  cached: '◆',
  skipped: '○',
  retrying: '↻',
  waiting: '…',
  queued: '·',
  warning: '⚠',
  arrow: '→',
  ellipsis: '…',
  separator: '·',
  spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
};

const ASCII: Symbols = {
  succeeded: 'ok',
  failed: 'x',
  cached: '=',
  skipped: '-',
  retrying: '~',
  waiting: '...',
  queued: '.',
  warning: '!',
  arrow: '->',
  ellipsis: '...',
  separator: '|',
  spinner: ['-', '\\', '|', '/'],
};

export interface TerminalStyle {
  color: Colors;
  sym: Symbols;
  unicode: boolean;
}

type Env = Record<string, string | undefined>;
interface StreamLike {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

/** FORCE_COLOR (not "0") wins, then NO_COLOR, then a TTY that is not "dumb". */
export function colorEnabled(stream: StreamLike, env: Env, plainMode = false): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '' ) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (plainMode) return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Unicode symbols only when the locale says UTF-8 (LC_ALL, then LC_CTYPE, then LANG, as POSIX reads them). */
export function unicodeEnabled(env: Env, platform: NodeJS.Platform = process.platform): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (locale) return /utf-?8/i.test(locale);
  // Windows terminals have no locale variables; Windows Terminal and VS Code draw Unicode.
  return platform === 'win32' && Boolean(env.WT_SESSION || env.TERM_PROGRAM === 'vscode');
}

/** The live view needs a real terminal and no CI; everything else gets plain lines. */
export function liveEnabled(stream: StreamLike, env: Env): boolean {
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
  return stream.isTTY === true && !inCi && env.TERM !== 'dumb';
}

export function makeStyle(options: { color: boolean; unicode: boolean }): TerminalStyle {
  return {
    color: picocolors.createColors(options.color),
    sym: options.unicode ? UNICODE : ASCII,
    unicode: options.unicode,
  };
}

/** Plain, colourless, ASCII: for files, Markdown and tests. */
export const plainStyle: TerminalStyle = makeStyle({ color: false, unicode: false });
