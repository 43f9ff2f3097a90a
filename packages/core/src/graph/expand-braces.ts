// Brace expansion for globs, as picomatch and bash do it: `{a,b}`, nested `{a,{b,c}}`,
// numeric and letter ranges `{1..3}`, `{a..c}`, `{0..10..5}`. A group with neither a comma
// nor a range is literal text (`{a}` stays `{a}`); braces inside `[...]` or after `\` are literal.

/** More alternatives than this and the caller treats the glob as "matches anything". */
export const MAX_BRACE_EXPANSIONS = 1024;

/**
 * Every brace-free glob that `pattern` stands for, in order; `undefined` when there would be
 * more than `limit` of them. Literal braces in the results are escaped (`\{`, `\}`).
 */
export function expandBraces(pattern: string, limit = MAX_BRACE_EXPANSIONS): string[] | undefined {
  const out: string[] = [];
  const pending = [pattern];
  while (pending.length > 0) {
    const current = pending.pop()!;
    const group = firstGroup(current);
    if (!group) {
      out.push(current);
      if (out.length > limit) return undefined;
      continue;
    }
    const prefix = current.slice(0, group.open);
    const suffix = current.slice(group.close + 1);
    const alternatives = group.alternatives.length > 1 ? group.alternatives : rangeOf(group.alternatives[0]!);
    if (!alternatives) {
      pending.push(`${prefix}\\{${group.alternatives[0]!}\\}${suffix}`);
      continue;
    }
    if (alternatives === 'too-many' || pending.length + alternatives.length > limit * 4) return undefined;
    // Pushed in reverse so that pop() yields them in order.
    for (let k = alternatives.length - 1; k >= 0; k--) pending.push(prefix + alternatives[k]! + suffix);
  }
  return out;
}

interface Group {
  open: number;
  close: number;
  /** The text between the braces split at its top-level commas. */
  alternatives: string[];
}

/** The first `{` (not escaped, not in a class) that has a matching `}`. */
function firstGroup(s: string): Group | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(s, i) ?? i;
    else if (c === '{') {
      const group = groupAt(s, i);
      if (group) return group;
    }
  }
  return undefined;
}

function groupAt(s: string, open: number): Group | undefined {
  let depth = 0;
  let start = open + 1;
  const alternatives: string[] = [];
  for (let i = open + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(s, i) ?? i;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      alternatives.push(s.slice(start, i));
      start = i + 1;
    } else if (c === '}') {
      alternatives.push(s.slice(start, i));
      return { open, close: i, alternatives };
    }
  }
  return undefined;
}

/** Index of the `]` closing the class that opens at `open`, or undefined when it is a literal `[`. */
export function classEnd(s: string, open: number): number | undefined {
  let i = open + 1;
  if (s[i] === '!' || s[i] === '^') i++;
  if (s[i] === ']') i++;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '[' && s[i + 1] === ':') {
      const end = s.indexOf(':]', i + 2);
      if (end > 0) i = end + 1;
    } else if (c === ']') return i;
  }
  return undefined;
}

function rangeOf(text: string): string[] | 'too-many' | undefined {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(text);
  if (numeric) {
    const [, fromText, toText, stepText] = numeric;
    const from = Number(fromText);
    const to = Number(toText);
    const step = Math.abs(Number(stepText ?? 1)) || 1;
    if (Math.abs(to - from) / step >= MAX_BRACE_EXPANSIONS) return 'too-many';
    const width = /^-?0\d/.test(fromText!) || /^-?0\d/.test(toText!) ? Math.max(fromText!.length, toText!.length) : 0;
    const values: string[] = [];
    for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
      const digits = String(Math.abs(v)).padStart(width - (v < 0 ? 1 : 0), '0');
      values.push(v < 0 ? `-${digits}` : digits);
    }
    return values;
  }
  const letters = /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(text);
  if (letters) {
    const from = letters[1]!.charCodeAt(0);
    const to = letters[2]!.charCodeAt(0);
    const values: string[] = [];
    for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? 1 : -1) values.push(String.fromCharCode(v));
    return values;
  }
  return undefined;
}
