// Test helper: folds a recorded stream-json transcript (testdata/*.jsonl, captured from the real CLI).
import { readFileSync } from 'node:fs';
import { emptyEvidence, foldStreamLine, type StreamEvidence } from './stream-evidence.ts';
import { parseStreamLine } from './stream-line.ts';

export function evidenceOf(name: string): StreamEvidence {
  const text = readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map(parseStreamLine)
    .reduce(foldStreamLine, emptyEvidence());
}
