// The plan's YAML document with its source positions. JSON plans go through the same parser (JSON is
// YAML), so every value of either format can be traced back to `file:line:col`.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { CORE_DIR_URL } from '../core-dir.ts';

let yamlModule: typeof Yaml | undefined;
/** The `yaml` package (~25 ms to load) is needed only off the fast path: plans with a problem or unusual YAML. */
const yaml = (): typeof Yaml => (yamlModule ??= createRequire(new URL('package.json', CORE_DIR_URL))('yaml') as typeof Yaml);
import type { Diagnostic } from './diagnostic.ts';
import type { SourcePos } from './model.ts';

export type ValuePath = ReadonlyArray<string | number>;

/** A key that appears twice in one mapping (the parser keeps the last value, as JSON.parse does). */
export interface DuplicateKey {
  /** Path of the mapping that holds the key. */
  parent: ValuePath;
  key: string;
  pos: SourcePos;
  first: SourcePos;
}

export interface PlanSource {
  file: string;
  /** Where the value (or, with part `key`, the key) at `path` is; the nearest existing ancestor if absent. */
  positionOf(path: ValuePath, part?: 'key' | 'value'): SourcePos;
}

export interface ParsedYaml {
  doc: Document.Parsed;
  source: PlanSource;
  /** Syntax errors: when there is one, the document cannot be trusted. */
  syntaxErrors: Diagnostic[];
  duplicates: DuplicateKey[];
}

/** A pair's key as the parsed value's object key (an empty key is "", as toJS makes it). */
const keyText = (pair: Pair): string | undefined => {
  const key = pair.key;
  if (yaml().isScalar(key)) return key.value === null ? '' : String(key.value);
  return key === null ? '' : undefined;
};

/** First-line message of a yaml error, without the parser's source excerpt and position suffix. */
const shortMessage = (message: string): string => (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');

export function parseYamlSource(text: string, file: string): ParsedYaml {
  const lineCounter = new (yaml().LineCounter)();
  // uniqueKeys: false because the parser's own check compares every key with every earlier one
  // (quadratic: seconds on 10,000 tasks); findDuplicates does the same job with a hash map.
  // logLevel 'error': no process warnings on stderr (e.g. for a list used as a key); we report those.
  const doc = yaml().parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, logLevel: 'error' });
  const posAt = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: Math.max(line, 1), col };
  };

  // Pairs of each mapping by key, built on first use: lookups stay O(1) on plans of 10,000 tasks.
  const pairIndex = new WeakMap<object, Map<string, Pair>>();
  const pairsOf = (map: { items: Pair[] }): Map<string, Pair> => {
    let index = pairIndex.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = keyText(pair);
        if (key !== undefined) index.set(key, pair); // the last one wins, as in the parsed value
      }
      pairIndex.set(map, index);
    }
    return index;
  };
  const nodeStart = (node: unknown): number | undefined =>
    node && typeof node === 'object' && 'range' in node && Array.isArray(node.range) ? (node.range[0] as number) : undefined;

  const positionOf = (path: ValuePath, part: 'key' | 'value' = 'value'): SourcePos => {
    let node: unknown = doc.contents;
    let offset = nodeStart(node) ?? 0;
    for (const [i, segment] of path.entries()) {
      if (yaml().isAlias(node)) node = node.resolve(doc);
      let pair: Pair | undefined;
      let next: unknown;
      if (yaml().isMap(node)) {
        pair = pairsOf(node).get(String(segment));
        next = pair?.value;
      } else if (yaml().isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      } else {
        break;
      }
      const last = i === path.length - 1;
      const keyStart = pair ? nodeStart(pair.key) : undefined;
      if (last && part === 'key' && keyStart !== undefined) return posAt(keyStart);
      // An empty value (`key:`) is a null scalar of no width: point at its key instead.
      const empty = yaml().isScalar(next) && next.value === null && next.range?.[0] === next.range?.[1];
      const valueStart = empty ? undefined : nodeStart(next);
      if (valueStart === undefined) {
        if (keyStart !== undefined) offset = keyStart;
        break;
      }
      offset = valueStart;
      node = next;
    }
    return posAt(offset);
  };

  const syntaxErrors: Diagnostic[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    syntaxErrors.push({
      code: 'yaml-syntax',
      message: `YAML: ${shortMessage(error.message)}`,
      hint:
        error.code === 'MULTIPLE_DOCS'
          ? 'a plan is one YAML document: remove the `---` separator and what follows it'
          : error.code === 'MISSING_CHAR' && /quote/.test(error.message)
            ? 'a quoted string is not closed: find its opening quote above and close it'
          : error.code === 'TAG_RESOLVE_FAILED'
            ? 'remove the `!tag`: a plan uses plain YAML values'
            : 'fix the YAML syntax here (check indentation, quotes and brackets)',
      pos: posAt(error.pos[0]),
    });
  }
  const duplicates = syntaxErrors.length > 0 ? [] : findDuplicates(doc, posAt);
  return { doc, source: { file, positionOf }, syntaxErrors, duplicates };
}

/** Every key declared twice in one mapping, with the path of the mapping and the first declaration. */
function findDuplicates(doc: Document.Parsed, posAt: (offset: number) => SourcePos): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const walk = (node: Node | null | undefined, path: Array<string | number>): void => {
    if (yaml().isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = keyText(pair);
        const start = yaml().isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        if (key === undefined || start === undefined) continue;
        const first = seen.get(key);
        if (first !== undefined) found.push({ parent: [...path], key, pos: posAt(start), first: posAt(first) });
        if (first === undefined) seen.set(key, start);
        path.push(key);
        walk(pair.value as Node | null, path);
        path.pop();
      }
    } else if (yaml().isSeq(node)) {
      node.items.forEach((item, i) => {
        path.push(i);
        walk(item as Node, path);
        path.pop();
      });
    }
  };
  walk(doc.contents, []);
  return found;
}
