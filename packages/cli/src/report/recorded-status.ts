// A task's recorded state as a short label for graphs: "succeeded · 1.2s · $0.02". Pure.
import type { TaskState } from '@orchestra/core';
import { formatCost, formatDuration } from './format.ts';
import type { NodeStatus } from './graph-mermaid.ts';

export function recordedStatus(record: TaskState | undefined): NodeStatus | undefined {
  if (!record || (record.status === 'pending' && record.attempts.length === 0)) return undefined;
  const parts: string[] = [];
  const last = record.attempts.at(-1);
  const durationMs = record.status === 'succeeded' || record.status === 'cached' ? record.success?.durationMs : last?.durationMs;
  if (durationMs !== undefined) parts.push(formatDuration(durationMs));
  if (record.costUsd > 0) parts.push(formatCost(record.costUsd));
  return parts.length ? { status: record.status, detail: parts.join(' · ') } : { status: record.status };
}
