// Sets of characters (Unicode code points) as sorted, disjoint, inclusive ranges.
// Glob automata label their transitions with these sets, so two globs can be compared
// symbolically: a transition pair is possible iff the two sets intersect.

export type CharSet = readonly (readonly [number, number])[];

export const MAX_CODE_POINT = 0x10ffff;
export const SLASH = '/'.codePointAt(0)!;

export const slashSet: CharSet = [[SLASH, SLASH]];
/** Any character but `/`: what `?` and `*` match. */
export const anyButSlash: CharSet = [
  [0, SLASH - 1],
  [SLASH + 1, MAX_CODE_POINT],
];

export function singleChar(codePoint: number): CharSet {
  return [[codePoint, codePoint]];
}

/** Sorts and merges ranges into a canonical set. */
export function normalizeRanges(ranges: Iterable<readonly [number, number]>): CharSet {
  const sorted = [...ranges].filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

/** Everything in [0, MAX_CODE_POINT] that is not in `set`. */
export function complement(set: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of set) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

export function withoutSlash(set: CharSet): CharSet {
  return normalizeRanges(
    set.flatMap(([lo, hi]): [number, number][] => (lo <= SLASH && SLASH <= hi ? [[lo, SLASH - 1], [SLASH + 1, hi]] : [[lo, hi]])),
  );
}

export function intersect(a: CharSet, b: CharSet): CharSet {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

export function contains(set: CharSet, codePoint: number): boolean {
  return set.some(([lo, hi]) => lo <= codePoint && codePoint <= hi);
}
