// The body editor. Without JavaScript (or when the editor cannot load) the
// body stays a plain text box: each line becomes a paragraph when saved.
// With it, every <textarea data-editor> is hidden behind a wangEditor
// (pinned in package.json, served from /static/vendor/) whose HTML is
// written back into the text box on every change and before submitting.
// Pastes with HTML (Word, WPS, web pages) go through the server's sanitizer
// first (data-paste-url), so the editor shows what will be stored.
(function () {
  'use strict';
  const E = window.wangEditor;
  if (!E) return;

  const escapeHtml = (s) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  // The plain-text rule of content::TextToParagraphs, for text typed into
  // the bare box before the editor took over.
  function initialHtml(value) {
    if (/<\/?[a-zA-Z]/.test(value)) return value;
    return value
      .split('\n')
      .map((line) => line.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, ''))
      .filter((line) => line !== '')
      .map((line) => '<p>' + escapeHtml(line) + '</p>')
      .join('');
  }

  function cleanPaste(editor, textarea, event) {
    const data = event.clipboardData;
    const html = data && data.getData('text/html');
    const url = textarea.dataset.pasteUrl;
    const token = textarea.form && textarea.form.elements._csrf;
    if (!html || !url || !token) return true;  // the editor's own paste
    event.preventDefault();
    const text = data.getData('text/plain');
    const body = new URLSearchParams({_csrf: token.value, html: html});
    fetch(url, {method: 'POST', body: body, credentials: 'same-origin'})
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then((j) => editor.dangerouslyInsertHtml(j.html))
      .catch(() => editor.insertText(text));
    return false;
  }

  // Every image says what it shows (issue 19): the rule of
  // content::IsMeaningfulAlt — not blank, not a file name, not just 图片.
  const PLACEHOLDER_ALTS = ['图片', '图像', '照片', '截图', '配图', '插图', '图', 'image', 'img',
    'photo', 'picture', 'pic', 'screenshot', 'untitled', 'null', 'undefined'];
  function meaningfulAlt(alt) {
    const a = (alt || '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '').toLowerCase();
    return a !== '' && !PLACEHOLDER_ALTS.includes(a) &&
      !/\.(jpe?g|png|gif|bmp|webp|svg|tiff?)$/.test(a);
  }
  const ALT_HINT = '请填写替代文字：用一句话说明图片的内容（供读屏软件朗读）';
  const checkImage = (src, alt) => (meaningfulAlt(alt) ? true : ALT_HINT);

  // Before sending: asks for the alt text of each image that lacks it
  // (pasted ones); what is left without is refused by the server by name.
  function askForAlts(textarea) {
    if (!/<img\b/i.test(textarea.value)) return;
    const doc = new DOMParser().parseFromString(textarea.value, 'text/html');
    let changed = false;
    doc.querySelectorAll('img').forEach((img, i) => {
      if (meaningfulAlt(img.getAttribute('alt'))) return;
      const alt = window.prompt('第' + (i + 1) + '张图片缺少替代文字（alt）。' + ALT_HINT, '');
      if (meaningfulAlt(alt)) {
        img.setAttribute('alt', alt.trim());
        changed = true;
      }
    });
    if (changed) textarea.value = doc.body.innerHTML;
  }

  function enhance(textarea) {
    const wrap = document.createElement('div');
    wrap.className = 'rich-editor';
    const bar = document.createElement('div');
    bar.className = 'rich-editor-toolbar';
    const area = document.createElement('div');
    area.className = 'rich-editor-area';
    wrap.append(bar, area);
    textarea.before(wrap);
    textarea.hidden = true;
    const sync = (editor) => {
      textarea.value = editor.isEmpty() ? '' : editor.getHtml();
    };
    const editor = E.createEditor({
      selector: area,
      html: initialHtml(textarea.value),
      mode: 'simple',
      config: {
        placeholder: '在此输入正文，或从 Word、WPS 粘贴',
        onChange: sync,
        customPaste: (ed, event) => cleanPaste(ed, textarea, event),
        hoverbarKeys: {image: {menuKeys: ['editImage', 'deleteImage']}},
        MENU_CONF: {insertImage: {checkImage}, editImage: {checkImage}},
      },
    });
    E.createToolbar({
      editor: editor,
      selector: bar,
      mode: 'simple',
      config: {
        toolbarKeys: [
          'headerSelect', 'bold', '|', 'bulletedList', 'numberedList', '|',
          'insertTable', 'insertLink', 'insertImage', '|', 'undo', 'redo',
        ],
      },
    });
    // The label and hint of the text box name the editable area.
    const editable = area.querySelector('[data-slate-editor]');
    const label = document.querySelector('label[for="' + textarea.id + '"]');
    if (editable && label) {
      label.id = label.id || textarea.id + '-label';
      editable.setAttribute('aria-labelledby', label.id);
      const hint = textarea.getAttribute('aria-describedby');
      if (hint) editable.setAttribute('aria-describedby', hint);
      label.addEventListener('click', () => editor.focus());
    }
    if (textarea.form)
      textarea.form.addEventListener('submit', () => {
        sync(editor);
        askForAlts(textarea);
      });
    textarea.editor = editor;  // for tests and other scripts
  }

  for (const textarea of document.querySelectorAll('textarea[data-editor]')) {
    try {
      enhance(textarea);
    } catch (e) {
      textarea.hidden = false;  // the plain box still works
      console.error(e);
    }
  }
})();
