// The record form's 公文类别 fields, enhanced: a block marked
// data-show-for="SELECT_ID" data-show-values="v1 v2" shows only while the
// select has one of those values. Hidden blocks' inputs are disabled so a
// value typed before switching class is not sent. Without JavaScript every
// block stays visible and the server checks which fields apply.
for (const block of document.querySelectorAll('[data-show-for]')) {
  const select = document.getElementById(block.dataset.showFor);
  if (!select) continue;
  const values = (block.dataset.showValues || '').split(/\s+/);
  const update = () => {
    const shown = values.includes(select.value);
    block.hidden = !shown;
    for (const input of block.querySelectorAll('input, select, textarea')) {
      input.disabled = !shown;
    }
  };
  select.addEventListener('change', update);
  update();
}
