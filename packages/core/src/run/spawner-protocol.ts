// The spawner protocol: framed messages over a helper's stdin (requests) and stdout (events), spoken by
// both helpers (native/spawner.c and spawner.ts) and by the one client in spawner-client.ts.
//
//   frame = u32 length of the rest | u32 id | u8 kind | body            (little-endian)
//
//   parent -> helper  'R' u8 hasInput, u32 argc, u32 envc,              start a process (own session)
//                         file\0 cwd\0 arg\0 × argc, K=V\0 × envc, input bytes (the rest)
//                     'D'                                               stop reading its stdout/stderr
//   helper -> parent  'S' i32 pid, start time   started (0: not, an 'E' and a 'C' follow); the process's
//                                               start time (process-identity.ts) as text, when known
//                     'T' code                  spawn() threw: nothing follows
//                     'o' | 'e' bytes           stdout / stderr, as read
//                     'E' code                  the process's 'error' (ENOENT, EACCES…)
//                     'X' u8 flags, i32 code, signal name    exit; flags: 1 has a code, 2 the helper
//                                               looked whether the group outlived its leader, 4 it did
//                     'C' (same as 'X')         close: exited and both pipes closed; last for id
//
// Why this shape: C parses it with a few pointer moves (NUL-terminated strings, no escaping), JS with
// Buffer reads, and output goes through as bytes (no JSON, no utf8 round trip in the helper).

export type EventKind = 'S' | 'T' | 'o' | 'e' | 'E' | 'X' | 'C';

const HEAD = 9; // length, id, kind

function frame(id: number, kind: string, bodyLength: number): Buffer {
  const buf = Buffer.allocUnsafe(HEAD + bodyLength);
  buf.writeUInt32LE(5 + bodyLength, 0);
  buf.writeUInt32LE(id, 4);
  buf[8] = kind.charCodeAt(0);
  return buf;
}

interface EncodedEnv {
  count: number;
  bytes: Buffer;
  /** No key or value holds a NUL. */
  clean: boolean;
}

/** Thousands of tasks share one environment object: it is encoded once. */
const encodedEnvs = new WeakMap<object, EncodedEnv>();

/** An environment as `K=V\0` strings (undefined values left out, as spawn() does). */
function encodeEnv(env: Readonly<Record<string, string | undefined>>): EncodedEnv {
  const known = encodedEnvs.get(env);
  if (known) return known;
  let text = '';
  let count = 0;
  for (const key of Object.keys(env)) {
    const value = env[key];
    if (value === undefined) continue;
    text += `${key}=${value}\0`;
    count++;
  }
  let nuls = 0;
  for (let at = text.indexOf('\0'); at >= 0; at = text.indexOf('\0', at + 1)) nuls++;
  const encoded = { count, bytes: Buffer.from(text, 'utf8'), clean: nuls === count };
  encodedEnvs.set(env, encoded);
  return encoded;
}

/**
 * The 'R' request; undefined when a string holds a NUL (spawn() would throw ERR_INVALID_ARG_VALUE: a
 * helper's strings end at the first NUL).
 */
export function encodeStart(
  id: number,
  file: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
  input: string | undefined,
): Buffer | undefined {
  const envBlock = encodeEnv(env);
  const text = `${file}\0${cwd}\0${args.length > 0 ? `${args.join('\0')}\0` : ''}`;
  // file, cwd, args and env entries end with one NUL each: any other NUL came from a string.
  let nuls = 0;
  for (let at = text.indexOf('\0'); at >= 0; at = text.indexOf('\0', at + 1)) nuls++;
  if (nuls !== 2 + args.length || !envBlock.clean) return undefined;
  const strings = Buffer.from(text, 'utf8');
  const inputBytes = input === undefined ? undefined : Buffer.from(input, 'utf8');
  const buf = frame(id, 'R', 9 + strings.length + envBlock.bytes.length + (inputBytes?.length ?? 0));
  buf[HEAD] = inputBytes ? 1 : 0;
  buf.writeUInt32LE(args.length, HEAD + 1);
  buf.writeUInt32LE(envBlock.count, HEAD + 5);
  strings.copy(buf, HEAD + 9);
  envBlock.bytes.copy(buf, HEAD + 9 + strings.length);
  inputBytes?.copy(buf, HEAD + 9 + strings.length + envBlock.bytes.length);
  return buf;
}

export function encodeStop(id: number): Buffer {
  return frame(id, 'D', 0);
}

export interface StartRequest {
  file: string;
  cwd: string;
  args: string[];
  env: Record<string, string>;
  /** undefined: stdin is /dev/null. */
  input: Buffer | undefined;
}

/** Parses an 'R' body (for spawner.ts). */
export function decodeStart(body: Buffer): StartRequest {
  const hasInput = body[0] === 1;
  const argc = body.readUInt32LE(1);
  const envc = body.readUInt32LE(5);
  let at = 9;
  const next = (): string => {
    const nul = body.indexOf(0, at);
    if (nul < 0) throw new Error('spawner protocol: truncated request');
    const s = body.toString('utf8', at, nul);
    at = nul + 1;
    return s;
  };
  const file = next();
  const cwd = next();
  const args: string[] = [];
  for (let i = 0; i < argc; i++) args.push(next());
  const env: Record<string, string> = {};
  for (let i = 0; i < envc; i++) {
    const entry = next();
    const eq = entry.indexOf('=', 1);
    if (eq < 0) env[entry] = '';
    else env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return { file, cwd, args, env, input: hasInput ? body.subarray(at) : undefined };
}

export function encodeStarted(id: number, pid: number, startTime?: string): Buffer {
  const time = startTime ?? '';
  const buf = frame(id, 'S', 4 + time.length);
  buf.writeInt32LE(pid, HEAD);
  buf.write(time, HEAD + 4, 'latin1');
  return buf;
}

export function decodeStarted(body: Buffer): { pid: number | undefined; startTime: string | undefined } {
  const pid = body.readInt32LE(0);
  return { pid: pid > 0 ? pid : undefined, startTime: body.length > 4 ? body.toString('latin1', 4) : undefined };
}

export function encodeText(id: number, kind: 'T' | 'E', code: string): Buffer {
  const text = Buffer.from(code, 'utf8');
  const buf = frame(id, kind, text.length);
  text.copy(buf, HEAD);
  return buf;
}

export function encodeData(id: number, kind: 'o' | 'e', chunk: Buffer): Buffer {
  const buf = frame(id, kind, chunk.length);
  chunk.copy(buf, HEAD);
  return buf;
}

/** `groupAlive`: whether the exited process's group still has members, when the helper looked. */
export function encodeStatus(id: number, kind: 'X' | 'C', code: number | null, signal: string | null, groupAlive?: boolean): Buffer {
  const name = Buffer.from(signal ?? '', 'latin1');
  const buf = frame(id, kind, 5 + name.length);
  buf[HEAD] = (code === null ? 0 : 1) | (groupAlive === undefined ? 0 : 2) | (groupAlive ? 4 : 0);
  buf.writeInt32LE(code ?? 0, HEAD + 1);
  name.copy(buf, HEAD + 5);
  return buf;
}

export function decodeStatus(body: Buffer): { code: number | null; signal: NodeJS.Signals | null; groupAlive: boolean | undefined } {
  const flags = body[0] ?? 0;
  const code = flags & 1 ? body.readInt32LE(1) : null;
  const signal = body.length > 5 ? (body.toString('latin1', 5) as NodeJS.Signals) : null;
  return { code, signal, groupAlive: flags & 2 ? (flags & 4) !== 0 : undefined };
}

/** Cuts a byte stream into frames: `push(chunk)` calls `onFrame(id, kind, body)` for each complete one. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  private readonly onFrame: (id: number, kind: string, body: Buffer) => void;

  constructor(onFrame: (id: number, kind: string, body: Buffer) => void) {
    this.onFrame = onFrame;
  }

  push(chunk: Buffer): void {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let at = 0;
    while (buf.length - at >= 4) {
      const length = buf.readUInt32LE(at);
      if (buf.length - at - 4 < length) break;
      if (length >= 5) {
        const kind = String.fromCharCode(buf[at + 8] ?? 0);
        this.onFrame(buf.readUInt32LE(at + 4), kind, buf.subarray(at + HEAD, at + 4 + length));
      }
      at += 4 + length;
    }
    buf = buf.subarray(at);
    // A copy: a slice would keep the whole chunk it came from alive.
    this.pending = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
  }
}
