// One spelling per path pattern, decided once when the plan is normalised, so every consumer (hashing,
// output checks, conflicts, undeclared writes, fingerprints) sees the same clean text:
//   ./a//b/  ->  a/b        !./gen//x  ->  !gen/x        (a leading / is kept: the rules refuse it)
/** A pattern whose `!` takes files out (`!(...)` is an extglob, not a negation). */
export function isNegated(pattern: string): boolean {
  return pattern.startsWith('!') && !pattern.startsWith('!(');
}

export function normalizePattern(pattern: string): string {
  const negated = isNegated(pattern);
  const body = negated ? pattern.slice(1) : pattern;
  const clean = body
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
  const absolute = body.startsWith('/') ? '/' : '';
  return `${negated ? '!' : ''}${absolute}${clean || (absolute ? '' : '.')}`;
}
