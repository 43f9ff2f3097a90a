// The one order of task ids: code units, the same everywhere (unlike localeCompare). Its own module, so
// the graph code that sorts ids does not pull graphology into processes that build no graph (a run).
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
