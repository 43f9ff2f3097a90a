import assert from 'node:assert/strict';
import { test } from 'node:test';
import './convert.js';

const { convert, format } = globalThis.RecipeConverter;

test('converts volumes', () => {
  assert.equal(format(convert(1, 'cup', 'ml')), '236.59');
  assert.equal(format(convert(1, 'tbsp', 'tsp')), '3');
  assert.equal(format(convert(2, 'cup', 'fl oz')), '16');
});

test('converts weights', () => {
  assert.equal(format(convert(1, 'lb', 'g')), '453.59');
  assert.equal(format(convert(16, 'oz', 'lb')), '1');
  assert.equal(format(convert(1500, 'g', 'kg')), '1.5');
});

test('refuses volume to weight, unknown units and bad quantities', () => {
  assert.throws(() => convert(1, 'cup', 'g'), /Cannot convert volume/);
  assert.throws(() => convert(1, 'pinch', 'g'), /Unknown unit "pinch"/);
  assert.throws(() => convert(-1, 'cup', 'ml'), /zero or more/);
});
