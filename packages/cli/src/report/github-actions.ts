// GitHub Actions workflow commands: an `::error` annotation per failed task. Pure.
import type { Failure, TaskId } from '@orchestra/core';

type Env = Record<string, string | undefined>;

export function inGitHubActions(env: Env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** Data of a workflow command: %, CR and LF are escaped. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value additionally escapes ':' and ','. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `where`: the task's place in the plan (path relative to the repository), so GitHub marks that line. */
export function errorAnnotation(id: TaskId, failure: Failure, where?: { file: string; line: number }): string {
  const title = `orchestra: task ${id} failed`;
  const message = failure.detail ? `${failure.message}\n${failure.detail.split(/\r?\n/).slice(-20).join('\n')}` : failure.message;
  const props = [`title=${escapeProperty(title)}`];
  if (where) props.unshift(`file=${escapeProperty(where.file)}`, `line=${where.line}`);
  return `::error ${props.join(',')}::${escapeData(message)}`;
}
