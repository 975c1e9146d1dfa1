// Forms, enhanced: everything here also works without JavaScript.
// - An error summary's links move focus to their field (browsers only
//   scroll to it) and bring its label into view.
// - A select whose options carry data-hint shows the chosen option's hint
//   in the element named by its aria-describedby (the /apply unit chooser).
for (const summary of document.querySelectorAll('.error-summary')) {
  summary.focus();
  summary.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (!link) return;
    const field = document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    const label = field.id && document.querySelector(`label[for="${field.id}"]`);
    (label || field).scrollIntoView({block: 'start'});
    field.focus({preventScroll: true});
  });
}

for (const select of document.querySelectorAll('select[aria-describedby]')) {
  const hint = document.getElementById(select.getAttribute('aria-describedby'));
  if (!hint || !select.querySelector('option[data-hint]')) continue;
  const show = () => {
    const text = select.selectedOptions[0]?.dataset.hint || '';
    hint.textContent = text;
    hint.hidden = !text;
  };
  select.addEventListener('change', show);
  show();
}
