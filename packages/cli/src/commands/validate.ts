import { computeWaves, formatDiagnostic, loadPlan, type Diagnostic } from '@orchestra/core';
import { defaultAgents } from '../agents.ts';
import type { Command } from '../command.ts';
import { displayPath, formatDiagnostics } from '../load-plan-or-fail.ts';

const help = `orchestra validate: check the plan and report every problem, with file:line:col and a fix.

Usage: orchestra validate [--config PATH] [--json]

Options:
  --config PATH   the plan file, or a folder holding one (default: orchestra.config.yaml,
                  .yml or .json in this folder or the nearest one above)
  --json          print {"ok", "file", "tasks", "waves", "diagnostics": [...]} on stdout
  -h, --help      show this help

Checks the YAML itself (syntax, duplicate keys, aliases, UTF-8), every key and value against the
schema (orchestra.schema.json), and the rules across them: unknown or self dependencies, cycles,
agent tasks without a prompt, command tasks without run, unknown agents, paths outside the
workspace, task ids that cannot be file names, the format version, an empty plan.

Exit codes: 0 the plan is valid; 2 it is not (every problem is listed).

Examples:
  orchestra validate
  orchestra validate --config plans/release.yaml
  orchestra validate --json | jq '.diagnostics[] | .code'`;

const diagnosticJson = (d: Diagnostic) => ({
  severity: d.severity ?? 'error',
  code: d.code,
  message: d.message,
  ...(d.hint === undefined ? {} : { hint: d.hint }),
  ...(d.pos ?? {}),
});

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check the plan and list every problem (file:line:col, with a fix)',
  help,
  options: { json: { type: 'boolean' } },
  async run({ values }, io) {
    const json = values.json === true;
    const knownAgents = [...defaultAgents(io.env).keys()];
    const result = await loadPlan({ cwd: io.cwd, configPath: values.config as string | undefined, knownAgents });
    if (!result.ok) {
      if (json) io.stdout.write(`${JSON.stringify({ ok: false, file: result.file, diagnostics: result.diagnostics.map(diagnosticJson) })}\n`);
      else io.stderr.write(`${formatDiagnostics(result.diagnostics, io.cwd, result.file)}\n`);
      return 2;
    }
    const { plan } = result;
    const waves = computeWaves(plan);
    if (json) {
      io.stdout.write(`${JSON.stringify({ ok: true, file: plan.file, name: plan.name, tasks: plan.taskIds.length, waves: waves.length, diagnostics: result.diagnostics.map(diagnosticJson) })}\n`);
      return 0;
    }
    for (const warning of result.diagnostics) io.stderr.write(`${formatDiagnostic(warning, (f) => displayPath(f, io.cwd))}\n`);
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    io.stdout.write(`ok: ${displayPath(plan.file, io.cwd)} is valid: ${count(plan.taskIds.length, 'task')} in ${count(waves.length, 'wave')}\n`);
    return 0;
  },
};
