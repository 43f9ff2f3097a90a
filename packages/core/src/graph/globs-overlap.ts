// Can one path match both globs? Decided exactly by searching the product of the two glob
// automata (glob-nfa.ts) together with a two-state tracker that only admits well-formed
// workspace paths: non-empty segments joined by single slashes, no leading or trailing slash.
//
//   state = (state of A, state of B, at the start of a segment?)
//   a move on a character set C is possible in both A and B when their sets intersect;
//   `/` is allowed only inside a segment; accept when A and B accept inside a segment.
//
// The search visits at most |A| x |B| x 2 states, so it is fast for the globs people write.
// A plain path is a glob without glob syntax, so `globsOverlap('src/a.ts', 'src/*.ts')` works too.
// Where the automaton over-approximates (see glob-nfa.ts), the answer leans to "overlap".
import { type CharSet, MAX_CODE_POINT, SLASH, anyButSlash, contains, intersect } from './char-set.ts';
import { type CompiledGlob, type Nfa, compileGlob } from './glob-nfa.ts';

const cache = new Map<string, CompiledGlob>();
const CACHE_LIMIT = 10_000;

/** Compiles `pattern` once; later calls reuse the automaton. */
export function cachedGlob(pattern: string): CompiledGlob {
  let compiled = cache.get(pattern);
  if (!compiled) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    compiled = compileGlob(pattern);
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** True when some workspace path matches both `a` and `b` (globs or plain paths). */
export function globsOverlap(a: string, b: string): boolean {
  const ga = cachedGlob(a);
  const gb = cachedGlob(b);
  if (ga.literal && gb.literal) return ga.normalized === gb.normalized;
  if (!prefixesCompatible(ga.staticPrefix, gb.staticPrefix)) return false;
  return automataIntersect(ga.nfa, gb.nfa);
}

/** Two static prefixes can lead to a common path only if one is a segment-wise prefix of the other. */
export function prefixesCompatible(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short === '' || long === short || long.startsWith(`${short}/`);
}

/** Above this many product states the search gives up and answers "overlap" (16 MB of arrays). */
export const MAX_PRODUCT_STATES = 1 << 21;

const AT_SEGMENT_START = 0;
const IN_SEGMENT = 1;

/** A path that matches both globs, or undefined when there is none. For tests and messages. */
export function overlapWitness(a: string, b: string): string | undefined {
  return automataWitness(cachedGlob(a).nfa, cachedGlob(b).nfa);
}

export function automataIntersect(a: Nfa, b: Nfa): boolean {
  return automataWitness(a, b) !== undefined;
}

/**
 * Breadth-first search of the product; returns the shortest common path it finds, spelled with
 * readable characters where the sets allow it. The product state (qa, qb, t) is numbered
 * (qa * |B| + qb) * 2 + t.
 */
export function automataWitness(a: Nfa, b: Nfa): string | undefined {
  const width = b.eps.length;
  // Two globs with hundreds of brace alternatives each: too big to search, so say "overlap" (with
  // a generic path) rather than spend seconds and hundreds of megabytes.
  if (a.eps.length * width * 2 > MAX_PRODUCT_STATES) return '**';
  // parent[key] = previous key + 1 (0: not seen); via[key] = character read to get here, -1 for epsilon.
  const parent = new Int32Array(a.eps.length * width * 2);
  const via = new Int32Array(parent.length);
  const queue: number[] = [];
  const visit = (from: number, qa: number, qb: number, t: number, char: number): void => {
    const key = (qa * width + qb) * 2 + t;
    if (parent[key] === 0) {
      parent[key] = from + 1;
      via[key] = char;
      queue.push(key);
    }
  };
  const startKey = (a.start * width + b.start) * 2 + AT_SEGMENT_START;
  parent[startKey] = startKey + 1;
  queue.push(startKey);
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head]!;
    const t = key % 2;
    const pair = (key - t) / 2;
    const qb = pair % width;
    const qa = (pair - qb) / width;
    if (qa === a.accept && qb === b.accept && t === IN_SEGMENT) return spell(key, startKey, parent, via);
    for (const to of a.eps[qa]!) visit(key, to, qb, t, -1);
    for (const to of b.eps[qb]!) visit(key, qa, to, t, -1);
    for (const ma of a.moves[qa]!) {
      for (const mb of b.moves[qb]!) {
        const common = intersect(ma.set, mb.set);
        if (common.length === 0) continue;
        if (t === IN_SEGMENT && contains(common, SLASH)) visit(key, ma.to, mb.to, AT_SEGMENT_START, SLASH);
        const segmentChars = intersect(common, anyButSlash);
        if (segmentChars.length > 0) visit(key, ma.to, mb.to, IN_SEGMENT, readableChar(segmentChars));
      }
    }
  }
  return undefined;
}

function spell(end: number, start: number, parent: Int32Array, via: Int32Array): string {
  const chars: number[] = [];
  for (let key = end; key !== start; key = parent[key]! - 1) if (via[key]! >= 0) chars.push(via[key]!);
  return String.fromCodePoint(...chars.reverse());
}

const READABLE = [...'axb0_-'].map((c) => c.codePointAt(0)!);

function readableChar(set: CharSet): number {
  const preferred = READABLE.find((c) => contains(set, c));
  if (preferred !== undefined) return preferred;
  const printable = intersect(set, [[0x21, MAX_CODE_POINT]]);
  return (printable[0] ?? set[0]!)[0];
}

/** True when the plain `path` matches `glob`: the same search, with the path as a chain automaton. */
export function globMatches(glob: string, path: string): boolean {
  return globsOverlap(glob, path.replace(/[*?[\]{}()!\\|@+]/g, '\\$&'));
}
