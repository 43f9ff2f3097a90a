// The text Claude Code receives for one attempt. Pure. It travels as one argument, never through a shell.
//
//   fresh start:   task prompt + outputs to produce + context from finished dependencies + checks
//                  (+ what went wrong last time, when a retry starts a new session)
//   resumed:       a follow-up message in the same conversation: what went wrong, what to do now
import type { CommandSpec, DependencyContext, Failure, Task } from '@orchestra/core';

export interface PromptInput {
  task: Pick<Task, 'id' | 'prompt' | 'description' | 'outputs' | 'verify'>;
  dependencies: DependencyContext[];
  /** The failure of the previous attempt, when this attempt is a retry. */
  previousFailure?: Failure;
  /** True when the attempt continues the previous attempt's session (--resume). */
  resumed: boolean;
}

/** The most of a verify output or stderr tail that goes back to the model. */
export const MAX_DETAIL_CHARS = 4000;

const commandText = (c: CommandSpec): string => (typeof c === 'string' ? c : c.join(' '));

function clip(text: string): string {
  const t = text.trimEnd();
  return t.length > MAX_DETAIL_CHARS ? `[...]\n${t.slice(-MAX_DETAIL_CHARS)}` : t;
}

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

function contractSections(input: PromptInput): string[] {
  const { task, dependencies } = input;
  const sections: string[] = [];
  if (task.outputs.length > 0) {
    sections.push(
      [
        '## Files this task must produce',
        'Paths are relative to the current working directory. Create every one of them:',
        ...task.outputs.map((o) => `- ${o}`),
      ].join('\n'),
    );
  }
  if (dependencies.length > 0) {
    const lines = [...dependencies]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((d) => {
        const what = d.description ? `: ${d.description}` : '';
        const files = d.outputs.length ? ` (produced ${d.outputs.join(', ')})` : '';
        return `- ${d.id}${what}${files}`;
      });
    sections.push(['## Already done by earlier tasks', 'Build on their files; do not redo them:', ...lines].join('\n'));
  }
  if (task.verify.length > 0) {
    sections.push(
      ['## Acceptance checks', 'When you finish, these commands must succeed:', ...task.verify.map((v) => `- \`${commandText(v)}\``)].join('\n'),
    );
  }
  return sections;
}

function failureSection(failure: Failure): string {
  if (failure.reason === 'verify-failed') {
    const output = failure.detail ? `\n\nIts output:\n${fence(clip(failure.detail))}` : '';
    return `## The previous attempt failed its acceptance check\n${failure.message}${output}\n\nFix the cause so that every check passes.`;
  }
  if (failure.reason === 'interrupted' || failure.reason === 'timed-out' || failure.reason === 'no-result') {
    return `## The previous attempt was cut short\n${failure.message}\n\nCheck what is already done in the working directory, then finish the task.`;
  }
  const detail = failure.detail ? `\n\n${fence(clip(failure.detail))}` : '';
  return `## The previous attempt did not succeed\n${failure.message}${detail}`;
}

export function buildPrompt(input: PromptInput): string {
  const { task, previousFailure } = input;
  const prompt = (task.prompt ?? task.description ?? '').trim();
  if (input.resumed) {
    const head = previousFailure ? failureSection(previousFailure) : '## Continue the task';
    return [head, `The task (unchanged):\n${prompt}`, ...contractSections(input)].join('\n\n');
  }
  const parts = [prompt, ...contractSections(input)];
  if (previousFailure) parts.push(failureSection(previousFailure));
  return parts.join('\n\n');
}
