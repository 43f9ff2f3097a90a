// Builders for tests in every package (`@orchestra/core/testing`): in-memory plans and tasks with
// every field the code under test does not care about filled in. Not part of the runtime surface.
export { makePlan, makeTask, type TaskSketch } from './graph/test-plan.ts';
