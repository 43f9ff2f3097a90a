// The agent's latest action in a few words, for the live view: "Write src/x.ts", "Bash npm test".
import { isAbsolute, relative } from 'node:path';
import type { StreamLine, ToolCall } from './stream-line.ts';

const MAX = 80;

function oneLine(text: string, max = MAX): string {
  const first = text.trim().split('\n')[0] ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

function shortPath(path: string, cwd: string | undefined): string {
  if (!cwd || !isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

const pick = (input: Record<string, unknown>, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const value = input[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return undefined;
};

export function describeTool(tool: ToolCall, cwd?: string): string {
  const path = pick(tool.input, 'file_path', 'notebook_path', 'path');
  switch (tool.name) {
    case 'Write':
    case 'Edit':
    case 'MultiEdit':
    case 'Read':
    case 'NotebookEdit':
      return path ? `${tool.name} ${shortPath(path, cwd)}` : tool.name;
    case 'Bash':
      return `Bash ${oneLine(pick(tool.input, 'command') ?? '', 60)}`.trim();
    case 'Glob':
    case 'Grep':
      return `${tool.name} ${oneLine(pick(tool.input, 'pattern') ?? '', 60)}`.trim();
    case 'WebFetch':
      return `WebFetch ${pick(tool.input, 'url') ?? ''}`.trim();
    case 'WebSearch':
      return `WebSearch ${oneLine(pick(tool.input, 'query') ?? '', 60)}`.trim();
    case 'Task':
    case 'Agent':
      return `${tool.name} ${oneLine(pick(tool.input, 'description') ?? '', 60)}`.trim();
    default:
      return tool.name;
  }
}

/** A progress message for a line, or undefined when the line says nothing worth showing. */
export function describeLine(line: StreamLine, cwd?: string): string | undefined {
  switch (line.kind) {
    case 'init':
      return `started${line.model ? ` (${line.model})` : ''}`;
    case 'assistant': {
      if (line.apiError) return oneLine(line.apiError.text || `API error ${line.apiError.status ?? ''}`);
      const tool = line.tools.at(-1);
      if (tool) return describeTool(tool, cwd);
      const text = line.texts.filter((t) => t.trim()).at(-1);
      return text ? oneLine(text) : undefined;
    }
    case 'api-retry': {
      const what = line.status === null ? 'connection error' : `API ${line.status}${line.error ? ` ${line.error}` : ''}`;
      const of = line.maxRetries !== undefined ? `/${line.maxRetries}` : '';
      return `retrying after ${what} (${line.attempt ?? '?'}${of})`;
    }
    case 'permission-denied':
      return `permission denied: ${line.toolName ?? 'tool'}`;
    case 'result': // the engine reports the outcome itself
    case 'rate-limit':
    case 'other':
    case 'garbage':
      return undefined;
  }
}
