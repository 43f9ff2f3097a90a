// `orchestra draft "<request>"`: Claude Code drafts a plan, the plan compiler checks it (one retry with
// the problems when it is invalid), and it is written for a person to review. Nothing is executed.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createRedactor, parsePlanText } from '@orchestra/core';
import {
  buildClaudeArgs,
  claudeEnv,
  createVersionProbe,
  findClaude,
  preflightClaude,
  runClaude,
  type SessionChoice,
} from '@orchestra/claude';
import type { Command } from '../command.ts';
import { buildDraftPrompt, buildFixPrompt } from '../draft/draft-prompt.ts';
import { extractPlanYaml, withSchemaLine } from '../draft/extract-plan-yaml.ts';
import { schemaPathFor } from '../draft/schema-path.ts';
import { writeNewFile } from '../draft/write-new-file.ts';
import type { CliIo } from '../io.ts';
import { displayPath, formatDiagnostics } from '../load-plan-or-fail.ts';
import { UserError } from '../user-error.ts';

const help = `orchestra draft: ask Claude Code to draft a plan (orchestra.config.yaml) for a request.

Usage: orchestra draft "<what the plan should achieve>" [--config PATH] [--force] [--model NAME]

Options:
  --config PATH   where to write the plan (default: orchestra.config.yaml in this folder)
  --force         replace an existing plan file (never replaced otherwise)
  --model NAME    the model Claude Code drafts with (e.g. opus, sonnet; default: Claude Code's)
  -h, --help      show this help

Claude Code runs headless in the plan's folder with read-only tools (Read, Glob, Grep), so it can look
at the project but change nothing. Its draft is checked by the same compiler as \`orchestra validate\`;
when it is invalid, Claude Code gets the problems and one more try. The plan is written with the
\`$schema\` line editors use, for you to review and commit. Nothing in it runs until \`orchestra run\`.

Needs the claude CLI (on PATH, or ORCHESTRA_CLAUDE_PATH) and its credentials (ANTHROPIC_API_KEY or
\`claude /login\`).

Exit codes: 0 the plan was written; 1 Claude Code failed or its draft stayed invalid (the problems
and the draft are printed; nothing is written); 2 usage (no request, the file exists without --force).

Examples:
  orchestra draft "A static web app that converts recipe measurements, with tests"
  orchestra draft --config plans/docs.yaml "Write the user guide, one page per command"`;

/** Folder entries shown to the model, so it knows where it is without spending a turn. */
async function listFolder(root: string): Promise<string[]> {
  const skip = new Set(['.git', 'node_modules', '.orchestra', '.nx', 'dist', 'coverage']);
  try {
    const entries = await readdir(root, { withFileTypes: true });
    return entries
      .filter((e) => !skip.has(e.name))
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
      .sort()
      .slice(0, 40);
  } catch {
    return [];
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const draftCommand: Command = {
  name: 'draft',
  summary: 'ask Claude Code to draft orchestra.config.yaml for a request (runs nothing)',
  help,
  options: { force: { type: 'boolean' }, model: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const request = positionals.join(' ').trim();
    if (!request) {
      throw new UserError('orchestra draft: say what the plan should achieve, e.g.\n  orchestra draft "A recipe converter web app with tests"');
    }
    const file = path.resolve(io.cwd, typeof values.config === 'string' ? values.config : 'orchestra.config.yaml');
    const force = values.force === true;
    const shown = displayPath(file, io.cwd);
    if (!force && existsSync(file)) {
      throw new UserError(`orchestra draft: ${shown} already exists and is never replaced silently.\n  hint: pass --force to replace it, or --config other.yaml to write elsewhere`);
    }
    const root = path.dirname(file);
    const location = await findClaude({ root, env: io.env });
    const problems = (
      await preflightClaude({ root, neededBy: 'orchestra draft', tasks: [], env: io.env, location, versions: createVersionProbe() })
    ).filter((d) => d.severity !== 'warning');
    if (problems.length > 0 || !location.path) {
      throw new UserError(problems.map((d) => `error: ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}`).join('\n'), 1);
    }
    return draft({ io, request, file, root, force, claudePath: location.path, model: typeof values.model === 'string' ? values.model : undefined });
  },
};

async function draft(input: { io: CliIo; request: string; file: string; root: string; force: boolean; claudePath: string; model?: string }): Promise<number> {
  const { io, file, root } = input;
  const shown = displayPath(file, io.cwd);
  const redact = createRedactor(io.env);
  const sessionId = randomUUID();
  let prompt = buildDraftPrompt(input.request, await listFolder(root));
  let costUsd = 0;
  let lastYaml: string | undefined;
  let lastProblems = '';

  for (const attempt of [1, 2]) {
    const session: SessionChoice = attempt === 1 ? { mode: 'fresh', sessionId } : { mode: 'resume', sessionId };
    io.stderr.write(attempt === 1 ? `Asking Claude Code for a plan...\n` : `The draft has problems; asking Claude Code to fix them...\n`);
    const run = await runClaude({
      claudePath: input.claudePath,
      args: buildClaudeArgs({
        prompt,
        session,
        model: input.model,
        permissionMode: 'dontAsk', // anything not allowed below is refused, never prompted
        allowedTools: ['Read', 'Glob', 'Grep'],
        maxTurns: 20,
      }),
      session,
      cwd: root,
      env: claudeEnv({ env: io.env }),
      redact,
      ...(io.signal ? { signal: io.signal } : {}),
      onProgress: (message) => io.stderr.write(`  ${message}\n`),
    });
    costUsd = run.evidence.result?.totalCostUsd ?? costUsd;
    if (!run.verdict.ok) {
      io.stderr.write(`orchestra draft: ${run.verdict.failure.message}\n`);
      if (run.verdict.failure.detail) io.stderr.write(`${run.verdict.failure.detail}\n`);
      return 1;
    }
    const reply = run.evidence.result?.text ?? run.evidence.lastText ?? '';
    const yaml = extractPlanYaml(reply);
    if (!yaml) {
      lastProblems = 'The reply held no ```yaml block with a plan (version: 1 and tasks:).';
      prompt = buildFixPrompt(lastProblems);
      continue;
    }
    lastYaml = yaml;
    const parsed = parsePlanText(yaml, file);
    if (!parsed.ok) {
      lastProblems = formatDiagnostics(parsed.diagnostics, root, file);
      prompt = buildFixPrompt(lastProblems);
      continue;
    }
    const written = await writeNewFile(file, withSchemaLine(yaml, schemaPathFor(file)), input.force);
    if (!written) throw new UserError(`orchestra draft: ${shown} appeared while drafting; not replaced.\n  hint: pass --force to replace it`);
    const { plan } = parsed;
    io.stdout.write(
      `Wrote ${shown}: ${plural(plan.taskIds.length, 'task')} (${plan.taskIds.join(', ')}). Drafting cost $${costUsd.toFixed(4)}.\n` +
        `Review it, then: orchestra plan${shown === 'orchestra.config.yaml' ? '' : ` --config ${shown}`}   (what would run)\n`,
    );
    return 0;
  }
  io.stderr.write(`orchestra draft: the draft is still invalid after one retry; nothing was written.\n${lastProblems}\n`);
  if (lastYaml) io.stdout.write(lastYaml);
  return 1;
}
