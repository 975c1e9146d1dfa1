// Suggestions as the user types in a search box with data-suggest (the
// URL of GET /search/suggest). Progressive: without JavaScript the form
// posts to the results page, which shows related words as links.
for (const input of document.querySelectorAll('input[data-suggest]')) {
  const form = input.form;
  if (!form) continue;
  const url = input.dataset.suggest;
  const list = document.createElement('ul');
  const listId = `${input.id || 'site-q'}-suggest`;
  list.id = listId;
  list.className = 'search-suggest';
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', '检索建议');
  list.hidden = true;
  form.classList.add('has-suggest');
  form.appendChild(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('aria-expanded', 'false');

  let timer = 0;
  let asked = '';
  let active = -1;
  const cache = new Map();

  const close = () => {
    list.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const highlight = (i) => {
    const options = list.querySelectorAll('[role=option]');
    options.forEach((o, k) => o.setAttribute('aria-selected', String(k === i)));
    active = i;
    if (i >= 0 && options[i]) {
      input.setAttribute('aria-activedescendant', options[i].id);
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };
  const show = (items) => {
    list.replaceChildren();
    items.forEach((item, i) => {
      const li = document.createElement('li');
      li.id = `${listId}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      const a = document.createElement('a');
      a.href = item.url;
      a.textContent = item.text;
      a.tabIndex = -1;
      if (item.kind === 'record') {
        li.className = 'record';
        a.setAttribute('aria-label', `信息：${item.text}`);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', String(items.length > 0));
    active = -1;
  };
  const ask = async () => {
    const q = input.value.trim();
    if (q === asked) return;
    asked = q;
    if (!q || q.length > 30) return close();
    if (cache.has(q)) return show(cache.get(q));
    try {
      const res = await fetch(`${url}?q=${encodeURIComponent(q)}`, {
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) return close();
      const data = await res.json();
      cache.set(q, data.items || []);
      if (input.value.trim() === q) show(data.items || []);
    } catch {
      close();
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  input.addEventListener('keydown', (e) => {
    const options = list.querySelectorAll('[role=option]');
    if (list.hidden || options.length === 0) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      highlight((active + 1) % options.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      window.location.href = options[active].querySelector('a').href;
    } else if (e.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 200));
}
