// The record form's pickers. Without JavaScript the catalog-item select
// lists every domain's items and the related-record search is a GET form.
// With it, the catalog items follow the chosen 试点领域 and the search
// answers as one types (GET /admin/records/lookup), listing the same
// "添加关联" buttons the form posts.
(function () {
  'use strict';
  if (window.zwgkPickers) return;  // the page may include this file twice
  window.zwgkPickers = true;

  // --- Catalog items of the chosen domain ---
  for (const select of document.querySelectorAll('select[data-catalog-picker]')) {
    const domain = document.getElementById(select.dataset.catalogPicker);
    if (!domain) continue;
    const groups = Array.from(select.querySelectorAll('optgroup'));
    const filter = () => {
      const chosen = domain.value;
      for (const g of groups) {
        const keep = chosen === '' || g.dataset.domain === chosen;
        if (keep && !g.parentNode) select.append(g);
        if (!keep && g.parentNode) {
          if (g.contains(select.selectedOptions[0])) select.value = '';
          g.remove();
        }
      }
      // Keep the original order when groups come back.
      for (const g of groups) if (g.parentNode) select.append(g);
    };
    domain.addEventListener('change', filter);
    // Picking an item with no domain chosen chooses its domain.
    select.addEventListener('change', () => {
      const opt = select.selectedOptions[0];
      const g = opt && opt.parentNode;
      if (domain.value === '' && g && g.dataset && g.dataset.domain) {
        domain.value = g.dataset.domain;
        filter();
      }
    });
    filter();
  }

  // --- Related records, as one types ---
  const input = document.querySelector('input[data-lookup]');
  const results = document.getElementById('rel-results');
  if (!input || !results) return;
  const text = (tag, cls, s) => {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = s;
    return el;
  };
  let seq = 0;
  let timer = null;
  const show = (records, q) => {
    results.replaceChildren();
    const list = document.createElement('ul');
    list.className = 'relate-results';
    for (const r of records) {
      const li = document.createElement('li');
      const meta = [r.doc_number, r.index_number, r.unit, r.status_label]
        .filter((s) => s)
        .join(' · ');
      li.append(text('span', 'relate-title', r.title), ' ',
                text('span', 'muted', meta), ' ');
      const b = text('button', '', '添加关联');
      b.type = 'submit';
      b.name = 'to';
      b.value = String(r.id);
      li.append(b);
      list.append(li);
    }
    results.append(text('p', 'muted', records.length
      ? '查找“' + q + '”的结果：'
      : '没有找到可关联的信息。只能关联本单位的信息和已公开的信息。'));
    results.append(list);
  };
  const lookup = () => {
    const q = input.value.trim().slice(0, 100);
    if (!q) return;
    const mine = ++seq;
    const url = input.dataset.lookup + '?q=' + encodeURIComponent(q) +
      (input.dataset.exclude ? '&exclude=' + input.dataset.exclude : '');
    fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((j) => { if (mine === seq) show(j.records || [], q); })
      .catch(() => {});
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 250);
  });
})();
