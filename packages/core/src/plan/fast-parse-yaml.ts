// The fast path: the plain subset of YAML that plans are written in (yaml-subset.ts), else js-yaml,
// which builds plain values straight from parser events, several times faster than a yaml Document;
// that matters for plans of thousands of tasks. It is only trusted for the easy
// case. Anything unusual (aliases, more than one document, duplicate keys, tags, a parse error)
// returns undefined and the precise path takes over; so do all plans with problems, because only the
// yaml Document gives exact positions for messages.
import { constructFromEvents, CORE_SCHEMA, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';
import type { SourcePos } from './model.ts';
import type { PlanSource, ValuePath } from './yaml-source.ts';
import { NON_STRING_PLAIN, parseYamlSubset } from './yaml-subset.ts';

export interface FastParsed {
  value: unknown;
  /** Positions of the task ids (the keys of `tasks`), the only positions a valid plan carries. */
  source: PlanSource;
}

interface Frame {
  kind: 'document' | 'mapping' | 'sequence';
  /** Children seen so far; in a mapping, even ones are keys. */
  count: number;
  lastKey?: string;
  isTasks: boolean;
}


/** Offsets of the keys of the root mapping's `tasks` mapping, by key; undefined for unusual keys. */
export function taskKeyOffsets(events: readonly Event[], text: string): Map<string, number> | undefined {
  const offsets = new Map<string, number>();
  const stack: Frame[] = [];
  for (const event of events) {
    if (event.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    const parent = stack.at(-1);
    const isKey = parent?.kind === 'mapping' && parent.count % 2 === 0;
    if (parent) parent.count++;
    if (isKey && event.type !== EVENT_ID.SCALAR) return undefined;
    if (event.type === EVENT_ID.SCALAR && isKey) {
      const key = getScalarValue(text, event);
      if (event.style === SCALAR_STYLE.PLAIN && NON_STRING_PLAIN.test(key)) return undefined;
      parent.lastKey = key;
      if (parent.isTasks) {
        const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
        offsets.set(key, event.valueStart - (quoted ? 1 : 0));
      }
    }
    if (event.type === EVENT_ID.DOCUMENT || event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
      // The root mapping is the document's child; `tasks` is the root mapping's value under key "tasks".
      const isRoot = parent?.kind === 'document';
      const underRoot = parent?.kind === 'mapping' && stack.length === 2 && !isKey && parent.lastKey === 'tasks';
      stack.push({
        kind: event.type === EVENT_ID.DOCUMENT ? 'document' : event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence',
        count: 0,
        isTasks: event.type === EVENT_ID.MAPPING && underRoot && !isRoot,
      });
    }
  }
  return offsets;
}

/** Line and column (1-based, in UTF-16 units as yaml counts them) of offsets, from line starts. */
function positionsIn(text: string, file: string): (offset: number) => SourcePos {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { file, line: low + 1, col: offset - starts[low]! + 1 };
  };
}

export function fastParseYaml(text: string, file: string): FastParsed | undefined {
  // The YAML plans are usually written in, read without js-yaml; anything else goes on to js-yaml.
  const subset = parseYamlSubset(text);
  if (subset) return withPositions(subset.value, subset.taskKeyOffsets, text, file);
  let events: Event[];
  let value: unknown;
  try {
    events = parseEvents(text, { maxDepth: 100 });
    const documents = events.filter((e) => e.type === EVENT_ID.DOCUMENT).length;
    if (documents !== 1 || events.some((e) => e.type === EVENT_ID.ALIAS || ('tagStart' in e && e.tagStart !== -1))) return undefined;
    value = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, json: false, maxAliases: 0 })[0];
  } catch {
    return undefined;
  }
  const offsets = taskKeyOffsets(events, text);
  if (!offsets) return undefined;
  return withPositions(value, offsets, text, file);
}

function withPositions(value: unknown, offsets: ReadonlyMap<string, number>, text: string, file: string): FastParsed {
  const posAt = positionsIn(text, file);
  const positionOf = (path: ValuePath): SourcePos => {
    const offset = path.length === 2 && path[0] === 'tasks' ? offsets.get(String(path[1])) : undefined;
    return offset === undefined ? { file, line: 1, col: 1 } : posAt(offset);
  };
  return { value, source: { file, positionOf } };
}
