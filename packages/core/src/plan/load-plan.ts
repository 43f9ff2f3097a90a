// The edge that reads: find the plan file, read its bytes, hand them to the pure parser.
import { readFile } from 'node:fs/promises';
import { findPlanFile, type FindPlanOptions } from './find-plan-file.ts';
import type { LoadResult, ParseOptions } from './load-result.ts';
import { loadPlanTextFast } from './fast-load.ts';

export type LoadPlanOptions = FindPlanOptions & ParseOptions;

export async function loadPlan(options: LoadPlanOptions): Promise<LoadResult> {
  const found = await findPlanFile(options);
  if (!found.ok) return { ok: false, diagnostics: [found.diagnostic] };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(found.file);
  } catch (error: unknown) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      ok: false,
      file: found.file,
      diagnostics: [
        {
          code: 'config-unreadable',
          message: `cannot read the plan file (${reason})`,
          hint: 'check that the file exists and that you may read it',
          pos: { file: found.file, line: 1, col: 1 },
        },
      ],
    };
  }
  return loadPlanText(bytes, found.file, options);
}

/** The fast path, and the precise one (zod, the yaml Document: loaded only then) when it declines. */
export async function loadPlanText(bytes: Uint8Array, file: string, options: ParseOptions): Promise<LoadResult> {
  const fast = loadPlanTextFast(bytes, file, options);
  if (fast) return fast;
  const { parsePlanTextWithMessages } = await import('./parse-plan-text.ts');
  return parsePlanTextWithMessages(bytes, file, options);
}
