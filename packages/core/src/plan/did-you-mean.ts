// "Did you mean" for misspelled keys and task ids. Case, `-` and `_` are ignored so `depends_on`
// finds `dependsOn`; otherwise the nearest candidate within a third of the word's length wins.

/** Optimal-string-alignment distance: Levenshtein plus swaps of neighbours (`tsak` -> `task`). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current.push(best);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

const fold = (word: string): string => word.toLowerCase().replace(/[-_\s]/g, '');

/** The candidate closest to `word`, or undefined when none is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const folded = fold(word);
  // One- and two-letter words only match up to case: any other short word is "near" anything.
  const limit = folded.length <= 2 ? 0 : Math.max(1, Math.floor(folded.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const target = fold(candidate);
    if (Math.abs(target.length - folded.length) > limit) continue;
    const distance = editDistance(folded, target);
    if (distance <= limit && (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
