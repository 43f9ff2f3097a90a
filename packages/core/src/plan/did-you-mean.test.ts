import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean.ts';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['prompt', 'promt', 1],
    ['tsak', 'task', 1],
    ['dependsOn', 'dependsOn', 0],
  ])('%j vs %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('didYouMean', () => {
  const keys = ['prompt', 'dependsOn', 'outputs', 'inputs', 'description', 'run'];

  it('finds a near misspelling', () => {
    expect(didYouMean('promt', keys)).toBe('prompt');
    expect(didYouMean('ouputs', keys)).toBe('outputs');
    expect(didYouMean('descripton', keys)).toBe('description');
  });

  it('ignores case, dashes and underscores', () => {
    expect(didYouMean('depends_on', keys)).toBe('dependsOn');
    expect(didYouMean('DependsOn', keys)).toBe('dependsOn');
    expect(didYouMean('depends-on', keys)).toBe('dependsOn');
  });

  it('says nothing when nothing is close', () => {
    expect(didYouMean('colour', keys)).toBeUndefined();
    expect(didYouMean('x', ['yyyy'])).toBeUndefined();
    expect(didYouMean('c', ['a', 'b'])).toBeUndefined();
    expect(didYouMean('ab', ['ac'])).toBeUndefined();
    expect(didYouMean('A', ['a', 'b'])).toBe('a');
  });

  it('breaks ties by sorted order, so messages are stable', () => {
    expect(didYouMean('cat', ['hat', 'bat'])).toBe('bat');
    expect(didYouMean('cat', ['bat', 'hat'])).toBe('bat');
  });
});
