// Recipe measurement conversions. A classic script: in the browser it defines window.RecipeConverter;
// in Node (ESM) `import './convert.js'` defines globalThis.RecipeConverter.
(function (root) {
  // Each unit's size in the base unit of its kind: millilitres for volume, grams for weight.
  const UNITS = {
    tsp: { kind: 'volume', base: 4.92892, label: 'teaspoons' },
    tbsp: { kind: 'volume', base: 14.7868, label: 'tablespoons' },
    'fl oz': { kind: 'volume', base: 29.5735, label: 'fluid ounces' },
    cup: { kind: 'volume', base: 236.588, label: 'cups' },
    ml: { kind: 'volume', base: 1, label: 'millilitres' },
    l: { kind: 'volume', base: 1000, label: 'litres' },
    g: { kind: 'weight', base: 1, label: 'grams' },
    kg: { kind: 'weight', base: 1000, label: 'kilograms' },
    oz: { kind: 'weight', base: 28.3495, label: 'ounces' },
    lb: { kind: 'weight', base: 453.592, label: 'pounds' },
  };

  function unit(name) {
    const found = UNITS[name];
    if (!found) throw new Error(`Unknown unit "${name}". Known units: ${Object.keys(UNITS).join(', ')}.`);
    return found;
  }

  /** Converts `value` from one unit to another of the same kind (volume or weight). */
  function convert(value, from, to) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error('The quantity must be a number of zero or more.');
    }
    const a = unit(from);
    const b = unit(to);
    if (a.kind !== b.kind) throw new Error(`Cannot convert ${a.kind} (${from}) to ${b.kind} (${to}).`);
    return (value * a.base) / b.base;
  }

  /** Rounds for people: at most two decimals, no trailing zeros. */
  function format(value) {
    return String(Math.round(value * 100) / 100);
  }

  const units = () => Object.keys(UNITS).map((name) => ({ name, kind: UNITS[name].kind, label: UNITS[name].label }));

  root.RecipeConverter = { convert, format, units };
})(globalThis);
