import { describe, expect, it } from 'vitest';
import { expandBraces } from './expand-braces.ts';

describe('expandBraces', () => {
  it.each([
    ['a.txt', ['a.txt']],
    ['{a,b}.txt', ['a.txt', 'b.txt']],
    ['src/{a,b}/{c,d}', ['src/a/c', 'src/a/d', 'src/b/c', 'src/b/d']],
    ['{a,{b,c}}', ['a', 'b', 'c']],
    ['x{,y}', ['x', 'xy']],
    ['{1..3}', ['1', '2', '3']],
    ['{3..1}', ['3', '2', '1']],
    ['{0..10..5}', ['0', '5', '10']],
    ['{08..10}', ['08', '09', '10']],
    ['{a..c}', ['a', 'b', 'c']],
    ['{a}', ['\\{a\\}']],
    ['{}', ['\\{\\}']],
    ['{a,b', ['{a,b']],
    ['\\{a,b}', ['\\{a,b}']],
    ['[{]a,b}', ['[{]a,b}']],
    ['{[a,b],c}', ['[a,b]', 'c']],
  ])('%s', (pattern, expected) => {
    expect(expandBraces(pattern)).toEqual(expected);
  });

  it('gives up (undefined) past the limit rather than exploding', () => {
    expect(expandBraces('{a,b}{c,d}{e,f}', 4)).toBeUndefined();
    expect(expandBraces('{a,b}{c,d}', 4)).toHaveLength(4);
    expect(expandBraces('{1..100000}')).toBeUndefined();
    expect(expandBraces('{a,b}'.repeat(20))).toBeUndefined();
  });
});
