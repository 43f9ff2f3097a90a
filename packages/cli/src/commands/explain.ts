import { asTaskId, didYouMean, diffParts, receiptPath, taskDefinition, type FingerprintParts, type Task } from '@orchestra/core';
import type { Command } from '../command.ts';
import { freshnessWord, planFreshness } from '../freshness.ts';
import { loadPlanOrFail } from '../load-plan-or-fail.ts';
import { UserError } from '../user-error.ts';

const help = `orchestra explain: show the parts of a task's fingerprint and what differs from its last success.

Usage: orchestra explain <task> [--config PATH] [--json]

Options:
  --config PATH   the plan file, or a folder holding one (default: orchestra.config.yaml,
                  .yml or .json in this folder or the nearest one above)
  --json          print {"task", "status", "reasons", "fingerprint", "recorded", "parts"}
  -h, --help      show this help

A fingerprint hashes: the task's definition (prompt or command, agent and its options, verify,
inputs and outputs globs), the agent's version, the contents of its inputs, the recorded outputs
of its dependencies (or their fingerprints when they declare no outputs), and the state format.
The task is cached when the fingerprint equals that of its last success and the outputs recorded
then are untouched.

Exit codes: 0 shown; 2 unknown task or invalid plan.

Example:
  orchestra explain logic`;

const short = (h: string | undefined): string => (h ? h.slice(0, 12) : '-');

export const explainCommand: Command = {
  name: 'explain',
  summary: "show a task's fingerprint, part by part, and why it would (not) run",
  help,
  options: { json: { type: 'boolean' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const plan = await loadPlanOrFail(io, { config: values.config as string | undefined });
    const [name, ...extra] = positionals;
    if (!name || extra.length > 0) throw new UserError('orchestra explain needs exactly one task id.\nRun "orchestra explain --help" for usage.', 2);
    const id = asTaskId(name);
    if (!plan.tasks.has(id)) {
      const near = didYouMean(name, plan.taskIds);
      throw new UserError(`no task "${name}" in ${plan.file}${near ? `; did you mean "${near}"?` : ''}`, 2);
    }
    const { state, statuses, runInProgress } = await planFreshness(plan, io);
    const f = statuses.get(id)!;
    const record = state.tasks[id];
    // Cached by its receipt (restored with its outputs, e.g. from Nx's cache): that is its last success.
    const byReceipt = f.kind === 'cached' && f.receipt !== undefined;
    const success = f.kind === 'cached' && f.receipt ? f.receipt : record?.success;
    const reasons = f.kind === 'cached' ? [] : f.reasons;
    if (values.json === true) {
      io.stdout.write(
        `${JSON.stringify(
          {
            task: id,
            status: freshnessWord(f, record, runInProgress),
            reasons,
            fingerprint: f.fingerprint ?? null,
            recorded: success
              ? { fingerprint: success.fingerprint, parts: success.parts, outputs: success.outputs, finishedAt: success.finishedAt, ...(byReceipt ? { from: receiptPath(id) } : {}) }
              : null,
            parts: f.parts ?? null,
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const out: string[] = [`${id}: ${freshnessWord(f, record, runInProgress)}`];
    if (f.parts) out.push('', ...describeParts(plan.tasks.get(id)!, f.parts, success?.parts));
    const now = f.fingerprint ? short(f.fingerprint) : '(known once its dependencies have run)';
    const where = byReceipt ? `, from ${receiptPath(id)}` : '';
    out.push('', `fingerprint  ${now}${success ? `   recorded ${short(success.fingerprint)} (${success.finishedAt}${where})` : '   (no success recorded)'}`);
    if (success) {
      out.push('recorded outputs:');
      for (const [file, hash] of Object.entries(success.outputs)) out.push(`  ${file}  ${short(hash)}`);
    }
    if (f.parts && success && f.kind !== 'cached') {
      const diff = diffParts(success.parts, f.parts);
      if (diff.length > 0) out.push('', 'differs from the last success:', ...diff.map((d) => `  - ${d}`));
    }
    out.push('', f.kind === 'cached' ? 'nothing changed: "orchestra run" skips it' : `it will run: ${reasons.join('; ')}`);
    io.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};

function describeParts(task: Task, parts: FingerprintParts, recorded: FingerprintParts | undefined): string[] {
  const mark = (changed: boolean): string => (changed && recorded ? ' (changed)' : '');
  const lines = ['definition:'];
  const definition = taskDefinition(task);
  for (const key of Object.keys(parts.definition)) {
    const text = JSON.stringify(definition[key]);
    lines.push(`  ${key}: ${text.length > 100 ? `${text.slice(0, 97)}...` : text}${mark(recorded?.definition[key] !== parts.definition[key])}`);
  }
  for (const key of Object.keys(recorded?.definition ?? {})) if (!(key in parts.definition)) lines.push(`  ${key}: (removed)`);
  lines.push(`agent version: ${parts.agentVersion || '-'}${mark(recorded?.agentVersion !== parts.agentVersion)}`);
  lines.push(`state format: ${parts.state}`);
  const inputs = Object.entries(parts.inputs);
  lines.push(inputs.length > 0 ? 'inputs:' : 'inputs: none');
  for (const [file, hash] of inputs) lines.push(`  ${file}  ${short(hash)}${mark(recorded?.inputs[file] !== hash)}`);
  const deps = Object.entries(parts.dependencies);
  lines.push(deps.length > 0 ? 'dependencies (their outputs):' : 'dependencies: none');
  for (const [dep, hash] of deps) lines.push(`  ${dep}  ${short(hash)}${mark(recorded?.dependencies[dep] !== hash)}`);
  return lines;
}
