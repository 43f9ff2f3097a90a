// Wires the form in index.html to RecipeConverter (convert.js).
(function () {
  const { convert, format, units } = window.RecipeConverter;
  const form = document.getElementById('converter-form');
  const quantity = document.getElementById('quantity');
  const from = document.getElementById('from-unit');
  const to = document.getElementById('to-unit');
  const result = document.getElementById('result');

  for (const select of [from, to]) {
    for (const kind of ['volume', 'weight']) {
      const group = document.createElement('optgroup');
      group.label = kind === 'volume' ? 'Volume' : 'Weight';
      for (const u of units().filter((x) => x.kind === kind)) group.append(new Option(`${u.label} (${u.name})`, u.name));
      select.append(group);
    }
  }
  from.value = 'cup';
  to.value = 'ml';

  function show() {
    try {
      const value = convert(Number(quantity.value), from.value, to.value);
      result.textContent = `${quantity.value} ${from.value} = ${format(value)} ${to.value}`;
      result.classList.remove('error');
    } catch (error) {
      result.textContent = error.message;
      result.classList.add('error');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show();
  });
  for (const field of [quantity, from, to]) field.addEventListener('change', show);
  show();
})();
