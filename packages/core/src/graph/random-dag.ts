// Seeded random plans for property tests and benchmarks: reproducible from one number.
import type { TaskSketch } from './test-plan.ts';

/** mulberry32: a tiny, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomDagOptions {
  tasks: number;
  /** Edges to attempt; duplicates are dropped, so the result may have slightly fewer. */
  edges: number;
  /** Per task, the chance of one output drawn from `outputPool` (default 0: no outputs). */
  outputChance?: number;
  outputPool?: readonly string[];
  /** Give every task its own plain output, `out/<id>.txt` (as most real tasks have). */
  ownOutputs?: boolean;
  /** Per task, the chance of one lock drawn from `lockPool`. */
  lockChance?: number;
  lockPool?: readonly string[];
  /** How far back a dependency may reach in the hidden order (default: anywhere). */
  window?: number;
}

/**
 * A random DAG as task sketches: tasks get a hidden random order and every edge goes from an
 * earlier task to a later one in it, so there is never a cycle. Ids are `t00042`-style.
 */
export function randomDag(seed: number, options: RandomDagOptions): TaskSketch[] {
  const random = seededRandom(seed);
  const pick = (n: number): number => Math.floor(random() * n);
  const width = String(options.tasks).length;
  const ids = Array.from({ length: options.tasks }, (_, i) => `t${String(i).padStart(width, '0')}`);
  // Fisher-Yates: the hidden topological order differs from the id order.
  for (let i = ids.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  const deps = ids.map(() => new Set<string>());
  for (let e = 0; e < options.edges && ids.length > 1; e++) {
    const to = 1 + pick(ids.length - 1);
    const reach = Math.min(to, options.window ?? to);
    const from = to - 1 - pick(reach);
    deps[to]!.add(ids[from]!);
  }
  return ids.map((id, i) => {
    const sketch: TaskSketch = { id, dependsOn: [...deps[i]!], outputs: options.ownOutputs ? [`out/${id}.txt`] : [] };
    if (options.outputPool && options.outputPool.length > 0 && random() < (options.outputChance ?? 0)) {
      sketch.outputs!.push(options.outputPool[pick(options.outputPool.length)]!);
    }
    if (options.lockPool && random() < (options.lockChance ?? 0)) {
      sketch.locks = [options.lockPool[pick(options.lockPool.length)]!];
    }
    return sketch;
  });
}
