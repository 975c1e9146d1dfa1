// A print button for pages meant to be printed. Without JavaScript the
// button stays hidden and the browser's own print command works as ever.
for (const button of document.querySelectorAll('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
