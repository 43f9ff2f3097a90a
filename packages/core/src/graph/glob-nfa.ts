// A glob compiled to a nondeterministic automaton over characters, so that two globs can be
// intersected exactly (see globs-overlap.ts). Syntax, as picomatch reads it (with `dot: true`):
//
//   `**` as a whole segment   zero or more segments        `*`  any run of non-`/` characters
//   `?`                        one non-`/` character        `[a-z]`, `[!abc]`, `[^abc]`, `[[:alpha:]]`
//   `{a,b}`, `{1..3}`          alternatives (expanded first: expand-braces.ts)
//   `@(a|b)` `?(a|b)` `+(a|b)` `*(a|b)`   extglobs: one, at most one, one or more, any number
//   `\x`                       the literal x
//
// Approximations, always towards "overlap" (so conflicts are never missed):
//   `**` inside a segment (`**.js`) reads as any characters, `/` included; `!(a|b)` reads as `*`;
//   a whole-pattern negation `!glob`, an extglob containing `/`, or more than MAX_BRACE_EXPANSIONS
//   alternatives read as "any path"; two globs whose automata multiply to more than
//   MAX_PRODUCT_STATES states overlap (globs-overlap.ts).
// Bare parentheses and `|` are literal characters. Matching is case-sensitive. `[!a]` is a negated
// class, as in bash and micromatch (picomatch 4 reads it as a class of `!` and `a`; `[^a]` is safe).
import {
  type CharSet,
  anyButSlash,
  complement,
  normalizeRanges,
  singleChar,
  slashSet,
  withoutSlash,
} from './char-set.ts';
import { classEnd, expandBraces } from './expand-braces.ts';

export interface Nfa {
  start: number;
  accept: number;
  /** Epsilon moves per state. */
  eps: number[][];
  /** Character moves per state. */
  moves: { set: CharSet; to: number }[][];
}

/** A glob ready for comparison. `literal` is set when the pattern is a plain path (no glob syntax). */
export interface CompiledGlob {
  source: string;
  /** The pattern after `./`, `//`, `/./` and trailing `/` are normalized away. */
  normalized: string;
  literal: boolean;
  /** Leading segments without glob syntax, e.g. `src/lib` for `src/lib/**\/*.ts` (empty when none). */
  staticPrefix: string;
  nfa: Nfa;
}

const GLOB_CHARS = /[*?[\]{}()!\\|]|[@+]\(/;

const NEEDS_NORMALIZING = /(^|\/)\.?(\/|$)/;

/** `./a//b/./c/` -> `a/b/c`. Leaves `..` alone: validation rejects paths that escape the workspace. */
export function normalizeGlobPath(pattern: string): string {
  if (!NEEDS_NORMALIZING.test(pattern)) return pattern;
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  return segments.join('/');
}

export function isLiteralPath(pattern: string): boolean {
  return !GLOB_CHARS.test(pattern);
}

export function compileGlob(source: string): CompiledGlob {
  const normalized = normalizeGlobPath(source);
  const literal = isLiteralPath(normalized);
  const segments = normalized.split('/');
  const firstGlob = segments.findIndex((s) => !isLiteralPath(s));
  const staticPrefix = (firstGlob === -1 ? segments : segments.slice(0, firstGlob)).join('/');
  return { source, normalized, literal, staticPrefix, nfa: globNfa(normalized) };
}

class Builder {
  eps: number[][] = [];
  moves: { set: CharSet; to: number }[][] = [];
  state(): number {
    this.eps.push([]);
    this.moves.push([]);
    return this.eps.length - 1;
  }
  epsilon(from: number, to: number): void {
    this.eps[from]!.push(to);
  }
  move(from: number, set: CharSet, to: number): void {
    this.moves[from]!.push({ set, to });
  }
}

function globNfa(normalized: string): Nfa {
  const b = new Builder();
  const start = b.state();
  const accept = b.state();
  const alternatives = normalized.startsWith('!') && !normalized.startsWith('!(') ? undefined : expandBraces(normalized);
  const parsed = alternatives?.map(splitSegments);
  if (!parsed || parsed.some((segments) => segments === undefined)) {
    b.epsilon(start, buildSegments(b, ['**'], accept));
  } else {
    for (const segments of parsed) b.epsilon(start, buildSegments(b, segments!, accept));
  }
  return { start, accept, eps: b.eps, moves: b.moves };
}

/** Splits at `/` outside classes and extglobs; undefined when an extglob spans a `/`. */
function splitSegments(pattern: string): string[] | undefined {
  const segments: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(pattern, i) ?? i;
    else if (c === '(' && depth > 0) depth++;
    else if (c === '(' && i > 0 && '@?+*!'.includes(pattern[i - 1]!) && extglobEnd(pattern, i) !== undefined) depth++;
    else if (c === ')' && depth > 0) depth--;
    else if (c === '/' && depth > 0) return undefined;
    else if (c === '/') {
      segments.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(pattern.slice(start));
  // `**/**` means the same as `**`; empty segments can come from braces (`a/{,b/}c`).
  return segments.filter((s, k) => s !== '' && !(s === '**' && segments[k - 1] === '**'));
}

/** Builds the states for `segments` (joined by `/`, `**` = zero or more segments); returns the entry state. */
function buildSegments(b: Builder, segments: readonly string[], accept: number): number {
  const entry = b.state();
  let current = entry;
  const last = segments.length - 1;
  segments.forEach((segment, i) => {
    if (segment === '**') {
      if (last === 0) {
        // S(/S)*: any non-empty path (segments are never empty: globs-overlap tracks that).
        const inSegment = b.state();
        b.move(current, anyButSlash, inSegment);
        b.move(inSegment, anyButSlash, inSegment);
        b.move(inSegment, slashSet, current);
        current = inSegment;
      } else if (i === last) {
        // (/S)*: the previous segment emitted no separator.
        const afterSlash = b.state();
        b.move(current, slashSet, afterSlash);
        b.move(afterSlash, anyButSlash, afterSlash);
        b.epsilon(afterSlash, current);
      } else {
        // (S/)*: the following segment starts right after.
        const inSegment = b.state();
        b.move(current, anyButSlash, inSegment);
        b.move(inSegment, anyButSlash, inSegment);
        b.move(inSegment, slashSet, current);
      }
      return;
    }
    current = buildNode(b, parseSegment(segment), current);
    const next = segments[i + 1];
    if (next !== undefined && !(next === '**' && i + 1 === last)) {
      const after = b.state();
      b.move(current, slashSet, after);
      current = after;
    }
  });
  b.epsilon(current, accept);
  return entry;
}

type Node =
  | { kind: 'set'; set: CharSet }
  | { kind: 'star' }
  | { kind: 'anything' }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: 0 | 1; many: boolean };

/** Thompson construction: appends `node` after state `from`, returns the state where it ends. */
function buildNode(b: Builder, node: Node, from: number): number {
  switch (node.kind) {
    case 'set': {
      const to = b.state();
      b.move(from, node.set, to);
      return to;
    }
    case 'star': {
      const to = b.state();
      b.epsilon(from, to);
      b.move(to, anyButSlash, to);
      return to;
    }
    case 'anything': {
      const to = b.state();
      b.epsilon(from, to);
      b.move(to, anyButSlash, to);
      b.move(to, slashSet, to);
      return to;
    }
    case 'seq':
      return node.items.reduce((at, item) => buildNode(b, item, at), from);
    case 'alt': {
      const to = b.state();
      for (const option of node.options) {
        const entry = b.state();
        b.epsilon(from, entry);
        b.epsilon(buildNode(b, option, entry), to);
      }
      return to;
    }
    case 'repeat': {
      const entry = b.state();
      const to = b.state();
      b.epsilon(from, entry);
      const end = buildNode(b, node.node, entry);
      b.epsilon(end, to);
      if (node.min === 0) b.epsilon(from, to);
      if (node.many) b.epsilon(end, entry);
      return to;
    }
  }
}

/** Parses one segment (no `/`, no braces) into a regular expression tree. */
function parseSegment(text: string): Node {
  return parseSequence(text, 0, text.length);
}

function parseSequence(text: string, from: number, to: number): Node {
  const items: Node[] = [];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    const next = text[i + 1];
    if ('@?+*!'.includes(c) && next === '(') {
      const end = extglobEnd(text, i + 1);
      if (end !== undefined && end < to) {
        const options = splitAlternatives(text, i + 2, end).map(([a, z]) => parseSequence(text, a, z));
        const alt: Node = { kind: 'alt', options };
        if (c === '@') items.push(alt);
        else if (c === '?') items.push({ kind: 'repeat', node: alt, min: 0, many: false });
        else if (c === '+') items.push({ kind: 'repeat', node: alt, min: 1, many: true });
        else if (c === '*') items.push({ kind: 'repeat', node: alt, min: 0, many: true });
        else items.push({ kind: 'star' }); // !(...): a superset, see the header.
        i = end + 1;
        continue;
      }
    }
    if (c === '*') {
      const from = i;
      while (text[i] === '*' && text[i + 1] !== '(') i++;
      // `**` inside a segment (`**.js`, `a**b`): picomatch lets it cross `/` in some positions
      // and not in others; reading it as "anything, `/` included" covers both.
      items.push({ kind: i - from >= 2 ? 'anything' : 'star' });
      continue;
    }
    if (c === '?') {
      items.push({ kind: 'set', set: anyButSlash });
      i++;
      continue;
    }
    if (c === '[') {
      const end = classEnd(text, i);
      if (end !== undefined && end < to) {
        items.push({ kind: 'set', set: parseClass(text.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (c === '\\' && i + 1 < to) i++;
    const codePoint = text.codePointAt(i)!;
    items.push({ kind: 'set', set: singleChar(codePoint) });
    i += codePoint > 0xffff ? 2 : 1;
  }
  return { kind: 'seq', items };
}

/** Index of the `)` closing the group that opens at `open`. */
function extglobEnd(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(text, i) ?? i;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return undefined;
}

function splitAlternatives(text: string, from: number, to: number): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(text, i) ?? i;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  return parts;
}

const POSIX_CLASSES: Record<string, [number, number][]> = {
  alpha: [[65, 90], [97, 122]],
  digit: [[48, 57]],
  alnum: [[48, 57], [65, 90], [97, 122]],
  upper: [[65, 90]],
  lower: [[97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
  word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  space: [[9, 13], [32, 32]],
  blank: [[9, 9], [32, 32]],
  punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  cntrl: [[0, 31], [127, 127]],
  print: [[32, 126]],
  graph: [[33, 126]],
  ascii: [[0, 127]],
};

/** The inside of `[...]`: ranges, escapes, POSIX classes, `!`/`^` negation. Never matches `/`. */
function parseClass(body: string): CharSet {
  let i = 0;
  const negated = body[0] === '!' || body[0] === '^';
  if (negated) i++;
  const ranges: [number, number][] = [];
  const readChar = (): number => {
    if (body[i] === '\\' && i + 1 < body.length) i++;
    const cp = body.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    return cp;
  };
  while (i < body.length) {
    if (body.startsWith('[:', i)) {
      const end = body.indexOf(':]', i + 2);
      const named = end > 0 ? POSIX_CLASSES[body.slice(i + 2, end)] : undefined;
      if (named) {
        ranges.push(...named);
        i = end + 2;
        continue;
      }
      if (end > 0) {
        // An unknown named class: any character, towards "overlap".
        ranges.push([0, Number.MAX_SAFE_INTEGER]);
        i = end + 2;
        continue;
      }
    }
    const lo = readChar();
    if (body[i] === '-' && i + 1 < body.length) {
      i++;
      const hi = readChar();
      ranges.push([lo, hi]);
    } else {
      ranges.push([lo, lo]);
    }
  }
  const set = normalizeRanges(ranges.map(([lo, hi]): [number, number] => [lo, Math.min(hi, 0x10ffff)]));
  return withoutSlash(negated ? complement(set) : set);
}
