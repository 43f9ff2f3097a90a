// A reader for the YAML that plans are written in, and nothing more: block mappings and sequences,
// plain, quoted and block (| >) scalars, one-line flow collections, comments. Line by line with
// string search, it reads a 1,000-task plan in about half the time js-yaml's character-by-character
// parser takes on a cold start (`npx node bench/yaml-read.ts`; docs/benchmarks.md, "Start-up pass").
//
// It returns exactly what js-yaml (CORE_SCHEMA) returns for the documents it reads (a test compares the
// two on generated and mutated plans) and undefined for anything else: anchors, aliases, tags, several
// documents, multi-line plain or quoted scalars, multi-line flow collections, tabs, CR line ends,
// duplicate keys, non-string keys, and every syntax error. fast-parse-yaml.ts then asks js-yaml.

export interface SubsetParsed {
  value: Record<string, unknown>;
  /** Offsets of the keys of the root mapping's `tasks` mapping (of the opening quote, when quoted). */
  taskKeyOffsets: Map<string, number>;
}

/**
 * Deeper nesting (counting mappings, sequences and flow collections) is left to js-yaml, which refuses it
 * past its maxDepth (100, as fast-parse-yaml.ts sets it): no plan nests so deep, and a line such as
 * `run: [[[[…]]]]` thousands deep must not overflow the stack here.
 */
const MAX_DEPTH = 50;

/** Raised inside the reader for anything outside the subset; never escapes parseYamlSubset. */
class Outside extends Error {}
const outside = (): never => {
  throw new Outside();
};

/**
 * Plain scalars that YAML 1.2's core schema reads as null, a boolean or a number. As keys, the two YAML
 * libraries turn those into object keys differently (an empty key is "null" in one, "" in the other):
 * both fast paths leave such keys to the precise one.
 */
export const NON_STRING_PLAIN =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))?$/;
/** NON_STRING_PLAIN can only match text that starts with one of these (or is empty). */
const NON_STRING_START = new Set('~nNtTfF0123456789+-.');
const maybeNotString = (plain: string): boolean => plain === '' || (NON_STRING_START.has(plain[0]!) && NON_STRING_PLAIN.test(plain));
const SIMPLE_INTEGER = /^(?:0|-?[1-9][0-9]{0,14})$/;
/**
 * Characters no document of the subset holds: other line breaks, controls (C0 and C1), tabs, a byte order
 * mark, the non-characters U+FFFE and U+FFFF, and lone surrogates (js-yaml refuses most of them outside
 * quotes; they are left to it).
 */
const UNUSUAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What a plain scalar may not start with: YAML's indicators, and `-`, `?`, `:` before a space, a flow indicator or the end. */
const INDICATOR = /^(?:[,[\]{}#&*!|>'"%@`]|[-?:](?:$|[ ,[\]{}]))/;
/** `|` or `>`, a chomping indicator, and a comment only after a space. */
const BLOCK_HEADER = /^([|>])([-+]?)(?: +#.*| *)$/;
/** JSON's escapes: a double-quoted scalar with only these reads the same through JSON.parse. */
const JSON_ESCAPES = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/g;

interface Line {
  /** Offset of the line's first character in the text. */
  start: number;
  indent: number;
  /** The line after its indentation. */
  content: string;
}

export function parseYamlSubset(text: string): SubsetParsed | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new Reader(text).document();
  } catch (error: unknown) {
    if (error instanceof Outside) return undefined;
    throw error;
  }
}

class Reader {
  private readonly lines: Line[] = [];
  private at = 0;
  private readonly taskKeyOffsets = new Map<string, number>();
  /** Mappings and sequences open around the one being read. */
  private depth = 0;
  /** Whether the text's last line ends with a line break (a last line of spaces without one is no empty line). */
  private readonly endsWithBreak: boolean;

  constructor(text: string) {
    this.endsWithBreak = text.endsWith('\n');
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      const raw = text.slice(start, end === -1 ? text.length : end);
      let indent = 0;
      while (raw.charCodeAt(indent) === 32) indent++;
      this.lines.push({ start, indent, content: raw.slice(indent) });
      // The text's last line break ends the last line; it does not start an empty one.
      if (end === -1 || end === text.length - 1) break;
      start = end + 1;
    }
  }

  document(): SubsetParsed {
    this.skipBlank();
    const first = this.lines[this.at];
    if (!first || first.indent !== 0 || first.content.startsWith('- ') || first.content === '-') outside();
    if (first!.content.startsWith('---') || first!.content.startsWith('...') || first!.content.startsWith('%')) outside();
    const value = this.mapping(0, 'root');
    this.skipBlank();
    if (this.at < this.lines.length) outside(); // something left at a smaller indentation: not a plan
    return { value, taskKeyOffsets: this.taskKeyOffsets };
  }

  /** Skips empty lines and comment lines. */
  private skipBlank(): void {
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.content !== '' && !line.content.startsWith('#')) return;
      this.at++;
    }
  }

  /** The next line with content, when it is at `indent`; undefined when it is shallower (or none is left). */
  private lineAt(indent: number): Line | undefined {
    this.skipBlank();
    const line = this.lines[this.at];
    if (!line || line.indent < indent) return undefined;
    if (line.indent > indent) outside();
    return line;
  }

  private mapping(indent: number, kind: 'root' | 'tasks' | 'other'): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) outside();
    const result: Record<string, unknown> = {};
    for (let line = this.lineAt(indent); line; line = this.lineAt(indent)) {
      const { content } = line;
      if (content.startsWith('- ') || content === '-') {
        if (kind === 'root') outside();
        break; // a sequence at the same indentation ends this mapping (and is not ours to read)
      }
      if (indent === 0 && (content.startsWith('---') || content.startsWith('...'))) outside();
      const { key, rest } = readKey(content);
      // `<<` is a merge key to some YAML readers: js-yaml's to decide.
      if (key === '__proto__' || key === '<<' || Object.hasOwn(result, key)) outside();
      if (kind === 'tasks') this.taskKeyOffsets.set(key, line.start + indent);
      this.at++;
      result[key] = this.valueAfter(rest, indent, kind === 'root' && key === 'tasks' ? 'tasks' : 'other');
    }
    this.depth--;
    return result;
  }

  /** The value of a key whose line goes on with `rest` (after the colon). */
  private valueAfter(rest: string, indent: number, kind: 'tasks' | 'other'): unknown {
    const text = skipSpaces(rest);
    // readKey gives `rest` empty or starting with a space: `key:#x` and `key:x` never come here.
    if (text === '' || text.startsWith('#')) {
      this.skipBlank();
      const next = this.lines[this.at];
      if (next && next.indent > indent) {
        return next.content.startsWith('- ') || next.content === '-' ? this.sequence(next.indent) : this.mapping(next.indent, kind);
      }
      if (next && next.indent === indent && (next.content.startsWith('- ') || next.content === '-')) return this.sequence(indent);
      return null;
    }
    if (kind === 'tasks') outside(); // tasks on one line: their keys' positions are js-yaml's to find
    const header = BLOCK_HEADER.exec(text);
    if (header) return this.blockScalar(indent, header[1] as '|' | '>', header[2] as '' | '-' | '+');
    const value = inlineValue(text, false, this.depth);
    this.endOfInlineValue(indent);
    return value;
  }

  private sequence(indent: number): unknown[] {
    if (++this.depth > MAX_DEPTH) outside();
    const result: unknown[] = [];
    for (let line = this.lineAt(indent); line; line = this.lineAt(indent)) {
      const { content } = line;
      if (!content.startsWith('- ')) {
        if (content === '-') outside(); // an item on the lines below
        break;
      }
      const text = skipSpaces(content.slice(2));
      // A nested block (a mapping or sequence in the item) is outside the subset.
      if (text === '' || text.startsWith('#') || text.startsWith('- ') || text === '-' || BLOCK_HEADER.test(text)) outside();
      this.at++;
      result.push(inlineValue(text, true, this.depth));
      this.endOfInlineValue(indent);
    }
    this.depth--;
    return result;
  }

  /** After a value on its key's (or item's) line: a deeper line would continue it (a multi-line plain scalar). */
  private endOfInlineValue(indent: number): void {
    this.skipBlank();
    const next = this.lines[this.at];
    if (next && next.indent > indent) outside();
  }

  /** A literal (|) or folded (>) scalar whose header ended the line of a key at `indent`. */
  private blockScalar(indent: number, style: '|' | '>', chomp: '' | '-' | '+'): string {
    const first = this.lines[this.at];
    // Leading empty lines and a first line no deeper than the key are left to js-yaml.
    if (!first || first.content === '' || first.indent <= indent) outside();
    const blockIndent = first!.indent;
    const content: string[] = [];
    let trailingEmpty = 0;
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.content === '') {
        // Spaces beyond the block's indentation would be content: left to js-yaml.
        if (line.indent > blockIndent) outside();
        if (this.at < this.lines.length - 1 || this.endsWithBreak) trailingEmpty++;
        this.at++;
        continue;
      }
      if (line.indent < blockIndent) {
        if (line.indent > indent) outside(); // between the key and the block: an error in YAML
        break;
      }
      for (; trailingEmpty > 0; trailingEmpty--) content.push('');
      const extra = line.indent - blockIndent;
      if (style === '>' && extra > 0) outside(); // folding around more-indented lines: left to js-yaml
      content.push(' '.repeat(extra) + line.content);
      this.at++;
    }
    // The empty lines after the last content line belong to the chomping, not the content.
    let body = style === '|' ? content.join('\n') : fold(content);
    if (chomp === '-') return body;
    if (body !== '') body += '\n';
    if (chomp === '+') body += '\n'.repeat(trailingEmpty);
    return body;
  }
}

/** Folded lines: a line break between two lines is a space; each empty line between them is one break. */
function fold(lines: readonly string[]): string {
  let out = '';
  let breaks = 0;
  for (const line of lines) {
    if (line === '') {
      breaks++;
      continue;
    }
    if (out !== '') out += breaks > 0 ? '\n'.repeat(breaks) : ' ';
    breaks = 0;
    out += line;
  }
  return out;
}

function skipSpaces(text: string): string {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  return i === 0 ? text : text.slice(i);
}

function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A mapping key at the start of `content` and what follows its colon. */
function readKey(content: string): { key: string; rest: string } {
  const first = content[0];
  if (first === '"' || first === "'") {
    const { value, end } = quoted(content, 0);
    if (content[end] !== ':') outside();
    const rest = content.slice(end + 1);
    if (rest !== '' && rest.charCodeAt(0) !== 32) outside();
    return { key: value, rest };
  }
  if (INDICATOR.test(content)) outside();
  let colon = content.indexOf(':');
  while (colon !== -1 && colon + 1 < content.length && content.charCodeAt(colon + 1) !== 32) colon = content.indexOf(':', colon + 1);
  if (colon <= 0) outside();
  const key = content.slice(0, colon);
  // A space before the colon, a comment inside the key, or a key YAML reads as not a string: js-yaml's.
  if (key.charCodeAt(key.length - 1) === 32 || key.includes(' #') || maybeNotString(key)) outside();
  return { key, rest: content.slice(colon + 1) };
}

/** A scalar or a flow collection that ends its line (a comment may follow). */
function inlineValue(text: string, inSequence: boolean, depth: number): unknown {
  const first = text[0];
  if (first === '[' || first === '{') {
    const { value, end } = flow(text, 0, depth + 1);
    endOfLine(text, end);
    return value;
  }
  if (first === '"' || first === "'") {
    const { value, end } = quoted(text, 0);
    endOfLine(text, end);
    return value;
  }
  if (INDICATOR.test(text)) outside();
  const comment = text.indexOf(' #');
  const plain = trimSpacesEnd(comment === -1 ? text : text.slice(0, comment));
  // `a: b` after a key's colon is an error; in a sequence item it is a mapping: both js-yaml's.
  if (plain.includes(': ') || plain.endsWith(':') || (inSequence && plain.includes(' :'))) outside();
  return resolvePlain(plain);
}

/** Only spaces and a comment may follow a value on its line. */
function endOfLine(text: string, at: number): void {
  const rest = text.slice(at);
  const after = skipSpaces(rest);
  if (after === '') return;
  if (!after.startsWith('#') || after === rest) outside();
}

function resolvePlain(plain: string): unknown {
  if (!maybeNotString(plain)) return plain;
  if (plain === '~' || plain === 'null' || plain === 'Null' || plain === 'NULL') return null;
  if (plain === 'true' || plain === 'True' || plain === 'TRUE') return true;
  if (plain === 'false' || plain === 'False' || plain === 'FALSE') return false;
  if (SIMPLE_INTEGER.test(plain)) return Number(plain);
  return outside(); // other numbers: js-yaml's
}

/** A quoted scalar starting at `at` (its quote), on this line. */
function quoted(text: string, at: number): { value: string; end: number } {
  const quote = text[at];
  if (quote === "'") {
    let value = '';
    let i = at + 1;
    for (;;) {
      const close = text.indexOf("'", i);
      if (close === -1) outside();
      value += text.slice(i, close);
      if (text[close + 1] === "'") {
        value += "'";
        i = close + 2;
        continue;
      }
      return { value, end: close + 1 };
    }
  }
  let i = at + 1;
  for (;;) {
    const close = text.indexOf('"', i);
    if (close === -1) outside();
    let backslashes = 0;
    while (text[close - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) {
      i = close + 1;
      continue;
    }
    const inner = text.slice(at + 1, close);
    if (!inner.includes('\\')) return { value: inner, end: close + 1 };
    // Escapes beyond JSON's (\x, \e, \0, \N, \ followed by a space...) are js-yaml's to read.
    if (inner.replace(JSON_ESCAPES, '').includes('\\')) outside();
    return { value: JSON.parse(`"${inner}"`) as string, end: close + 1 };
  }
}

/** A flow sequence or mapping starting at `at`, closed on this line; `depth` counts it. */
function flow(text: string, at: number, depth: number): { value: unknown; end: number } {
  if (depth > MAX_DEPTH) outside();
  const open = text[at];
  const close = open === '[' ? ']' : '}';
  const items: unknown[] = [];
  const entries: Record<string, unknown> = {};
  let i = skipSpacesAt(text, at + 1);
  if (text[i] === close) return { value: open === '[' ? items : entries, end: i + 1 };
  for (;;) {
    if (open === '[') {
      const item = flowItem(text, i, true, depth);
      items.push(item.value);
      i = item.end;
    } else {
      const key = flowKey(text, i);
      if (key.value === '__proto__' || key.value === '<<' || Object.hasOwn(entries, key.value)) outside();
      const item = flowItem(text, key.end, false, depth);
      entries[key.value] = item.value;
      i = item.end;
    }
    i = skipSpacesAt(text, i);
    if (text[i] === ',') {
      i = skipSpacesAt(text, i + 1);
      if (text[i] === close || text[i] === ',') outside(); // trailing or empty entries: js-yaml's
      continue;
    }
    if (text[i] === close) return { value: open === '[' ? items : entries, end: i + 1 };
    return outside();
  }
}

/** A key of a flow mapping and the offset after its `: `. */
function flowKey(text: string, at: number): { value: string; end: number } {
  const first = text[at];
  if (first === '"' || first === "'") {
    const { value, end } = quoted(text, at);
    const colon = skipSpacesAt(text, end);
    if (text[colon] !== ':' || text[colon + 1] !== ' ') outside();
    return { value, end: skipSpacesAt(text, colon + 1) };
  }
  const colon = text.indexOf(': ', at);
  if (colon === -1) outside();
  const key = trimSpacesEnd(text.slice(at, colon));
  if (key === '' || INDICATOR.test(key) || /[,[\]{}#:]/.test(key) || maybeNotString(key)) outside();
  return { value: key, end: skipSpacesAt(text, colon + 1) };
}

/** A value in a flow collection: a nested collection, a quoted scalar, or a plain one up to `,` `]` `}`. */
function flowItem(text: string, at: number, inSequence: boolean, depth: number): { value: unknown; end: number } {
  const first = text[at];
  if (first === '[' || first === '{') return flow(text, at, depth + 1);
  if (first === '"' || first === "'") {
    const result = quoted(text, at);
    const next = skipSpacesAt(text, result.end);
    // `"a": b` in a flow sequence is a one-pair mapping: js-yaml's.
    if (inSequence && text[next] === ':') outside();
    return result;
  }
  let end = at;
  while (end < text.length && !',]}'.includes(text[end]!)) end++;
  const plain = trimSpacesEnd(text.slice(at, end));
  if (plain === '' || INDICATOR.test(plain) || /[[{#]|:(?: |$)/.test(plain)) outside();
  return { value: resolvePlain(plain), end };
}

function skipSpacesAt(text: string, at: number): number {
  while (text.charCodeAt(at) === 32) at++;
  return at;
}
