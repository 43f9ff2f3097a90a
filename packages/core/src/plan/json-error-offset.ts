// Where a text stops being JSON: the offset of the first character JSON's grammar does not allow there
// (the text's length when it ends too soon). V8's JSON.parse names the line and column for some errors
// only ("Unexpected token 'x', "..." is not valid JSON" has neither); this finds it for all. Called once
// JSON.parse has failed, so it is written for clarity, not speed. Iterative: any nesting depth.
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined): boolean => c !== undefined && /[0-9a-fA-F]/.test(c);

export function jsonErrorOffset(text: string): number {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  /** Reads a string at i (on its opening quote); false where it breaks (with i there). */
  const fail = (at: number): false => {
    i = at;
    return false;
  };
  const string = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        // Where JSON.parse points: the character after the backslash, or the first that is not hex.
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!isHex(text[i + k])) return fail(i + k);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return fail(i + 1);
      } else i++;
    }
    return false;
  };
  // What each open container expects next; the top level expects one value, then the end.
  const stack: Array<'{' | '['> = [];
  let expect: 'value' | 'key' | 'key-or-end' | 'value-or-end' | 'colon' | 'comma-or-end' = 'value';
  for (;;) {
    skip();
    if (i >= text.length) return stack.length === 0 && expect === 'comma-or-end' ? -1 : i;
    const c = text[i]!;
    if (expect === 'colon') {
      if (c !== ':') return i;
      i++;
      expect = 'value';
    } else if (expect === 'comma-or-end') {
      const top = stack.at(-1);
      if (top === undefined) return i; // something after the one top-level value
      if (c === ',') {
        i++;
        expect = top === '{' ? 'key' : 'value';
      } else if (c === (top === '{' ? '}' : ']')) {
        i++;
        stack.pop();
      } else return i;
    } else if (expect === 'key' || expect === 'key-or-end') {
      if (c === '}' && expect === 'key-or-end') {
        i++;
        stack.pop();
        expect = 'comma-or-end';
      } else if (c === '"') {
        if (!string()) return Math.min(i, text.length);
        expect = 'colon';
      } else return i;
    } else {
      // A value (or, just after '[', the end of the list).
      if (c === ']' && expect === 'value-or-end') {
        i++;
        stack.pop();
        expect = 'comma-or-end';
      } else if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        expect = c === '{' ? 'key-or-end' : 'value-or-end';
      } else if (c === '"') {
        if (!string()) return Math.min(i, text.length);
        expect = 'comma-or-end';
      } else {
        const literal = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
        if (literal) {
          // Where the word goes wrong, as JSON.parse says it ("tru}": the "}").
          let j = 0;
          while (j < literal.length && text[i + j] === literal[j]) j++;
          if (j < literal.length) return i + j;
          i += j;
        } else if (c === '-' || isDigit(c)) {
          // -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?, failing where JSON.parse does: at the first character that breaks it.
          let j = c === '-' ? i + 1 : i;
          if (text[j] === '0') j++;
          else if (isDigit(text[j])) while (isDigit(text[j])) j++;
          else return j;
          if (text[j] === '.') {
            if (!isDigit(text[++j])) return j;
            while (isDigit(text[j])) j++;
          }
          if (text[j] === 'e' || text[j] === 'E') {
            j++;
            if (text[j] === '+' || text[j] === '-') j++;
            if (!isDigit(text[j])) return j;
            while (isDigit(text[j])) j++;
          }
          i = j;
        } else return i;
        expect = 'comma-or-end';
      }
    }
  }
}
