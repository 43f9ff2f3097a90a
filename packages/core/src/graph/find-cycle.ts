// Cycles with their path, for messages such as `a → b → c → a`.
// graphology-dag's hasCycle only says whether there is one.
//
// Approach: strongly connected components (Tarjan, with an explicit stack so 10,000+ nodes
// cannot overflow the call stack); every component with more than one node, or with a
// self-loop, holds a cycle. From the component's smallest id, a breadth-first search inside
// the component finds a shortest way back, so the reported cycle is short and stable.
import type { DirectedGraph } from 'graphology';
import { type TaskId, asTaskId } from '../plan/model.ts';
import { compareIds } from './build-graph.ts';

/**
 * One cycle per strongly connected component that has one, each as a path that follows the
 * edges (dependency -> dependent) and ends where it starts, e.g. `[a, b, c, a]`; a self-loop is
 * `[a, a]`. Each cycle starts at the smallest id of its component; cycles are sorted by that id.
 */
export function findCycles(graph: DirectedGraph): TaskId[][] {
  const successors = sortedSuccessors(graph);
  return stronglyConnectedComponents(successors)
    .filter((component) => component.length > 1 || successors.get(component[0]!)!.includes(component[0]!))
    .map((component) => shortestCycleThrough(component, successors))
    .sort((x, y) => compareIds(x[0]!, y[0]!));
}

/** The first of `findCycles`, or undefined when the graph is acyclic. */
export function findCycle(graph: DirectedGraph): TaskId[] | undefined {
  return findCycles(graph)[0];
}

function sortedSuccessors(graph: DirectedGraph): Map<string, string[]> {
  const successors = new Map<string, string[]>();
  for (const node of [...graph.nodes()].sort(compareIds)) {
    successors.set(node, graph.outNeighbors(node).sort(compareIds));
  }
  return successors;
}

/** Tarjan's algorithm without recursion; nodes visited in the map's (sorted) order. */
function stronglyConnectedComponents(successors: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of successors.keys()) {
    if (index.has(root)) continue;
    // Each frame: a node and how many of its successors have been looked at.
    const frames: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames.at(-1)!;
      const next = successors.get(frame.node)!;
      if (frame.next < next.length) {
        const child = next[frame.next++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          lowLink.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          frames.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames.at(-1);
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort(compareIds));
      }
    }
  }
  return components;
}

function shortestCycleThrough(component: string[], successors: Map<string, string[]>): TaskId[] {
  const start = component[0]!;
  const members = new Set(component);
  const parent = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    for (const next of successors.get(node)!) {
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = parent.get(at)!) path.push(at);
        path.push(start);
        // path is start, last, ..., first step, start: reverse the middle to follow the edges.
        return [start, ...path.slice(1, -1).reverse(), start].map(asTaskId);
      }
      if (members.has(next) && !parent.has(next)) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  throw new Error(`findCycles: no cycle through ${start} in its own component`);
}
