  // widget.js continued (one function over the parts: see 1-setup.js)
  // ---- DOM, inside a shadow root so the page's styles and ours stay apart.
  var host = el('div');
  host.id = 'amtsbote-chat';
  var root = host.attachShadow({ mode: 'open' });
  var css = el('link');
  css.rel = 'stylesheet';
  css.href = new URL('widget.css', base).href;
  root.appendChild(css);
  var wrap = el('div', 'ab');
  wrap.lang = lang;
  wrap.dir = T.dir;
  root.appendChild(wrap);

  var launcher = el('button', 'launcher');
  launcher.type = 'button';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'ab-panel');
  launcher.innerHTML = '<svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  var launcherText = bind(el('span', 'launcher__text'), 'launcher');
  var badge = el('span', 'launcher__badge');
  badge.hidden = true;
  launcher.append(launcherText, badge);

  var panel = el('section', 'panel');
  panel.id = 'ab-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-modal', 'false');
  panel.setAttribute('aria-labelledby', 'ab-title');
  var head = el('div', 'head');
  var heading = el('div', 'head__text');
  // data-title is the page's heading for the chat, in the page's language;
  // in another language picked in the menu the heading is the widget's
  // own, with the city's name (data-city) when the page gives it.
  var pageLang = pickLang(script.dataset.lang || document.documentElement.lang || 'de');
  var h = bind(el('h2', 'head__title'), function () {
    if (script.dataset.title && lang === pageLang) return script.dataset.title;
    return T.title + (script.dataset.city ? ' – ' + script.dataset.city : '');
  });
  h.id = 'ab-title';
  var status = el('p', 'head__status');
  status.setAttribute('role', 'status');
  heading.append(h, status);
  var closeBtn = el('button', 'head__close');
  closeBtn.type = 'button';
  bind(closeBtn, 'close', 'aria-label');
  closeBtn.innerHTML = '<svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" d="M6 6l12 12M18 6L6 18"/></svg>';
  head.append(heading, langMenu(), closeBtn);

  var offline = el('div', 'offline');
  offline.hidden = true;
  var retryBtn = bind(el('button', 'offline__retry'), 'retry');
  retryBtn.type = 'button';
  var offlineText = el('p', null, T.offlineText);
  offline.append(offlineText, retryBtn);

  var log = el('ol', 'log');
  bind(log, 'log', 'aria-label');
  log.tabIndex = 0;
  var intro = el('li', 'msg msg--bot');
  var introText = bubble('');
  bind(introText.firstChild, 'intro');
  intro.append(bind(el('span', 'vh'), function () { return T.bot + ': '; }), introText);
  var starterBox = el('div', 'options');
  starterBox.setAttribute('role', 'group');
  bind(starterBox, 'starters', 'aria-label');
  intro.appendChild(starterBox);
  log.appendChild(intro);

  // The case just submitted stays at hand above the input: a card with
  // its reference and access code and a copy button (frame "reference").
  var refCard = el('section', 'refcard');
  refCard.hidden = true;
  refCard.setAttribute('aria-labelledby', 'ab-ref-title');
  var refTitle = bind(el('h3', 'refcard__title'), 'refTitle');
  refTitle.id = 'ab-ref-title';
  var refList = el('dl', 'refcard__list');
  var refCopy = bind(el('button', 'refcard__copy'), 'copy');
  refCopy.type = 'button';
  refCard.append(refTitle, refList, refCopy);
  refCopy.addEventListener('click', function () {
    var t = refCard.dataset.copy || '';
    var done = function () { announce(T.copied); refCopy.textContent = '✓ ' + T.copy; setTimeout(function () { refCopy.textContent = T.copy; }, 2000); };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(t).then(done, function () {});
  });
  var lastRef = null;
  function showReference(r) {
    if (!r || !r.ref) return;
    lastRef = r;
    var rows = [[T.refRef, r.ref]];
    if (r.code) rows.push([T.refCode, r.code]);
    refList.replaceChildren();
    rows.forEach(function (row) { refList.append(el('dt', null, row[0]), el('dd', null, row[1])); });
    refCard.dataset.copy = T.refRef + ': ' + r.ref + (r.code ? '\n' + T.refCode + ': ' + r.code : '');
    refCard.hidden = false;
  }

  var typing = bind(el('p', 'typing'), 'typing');
  typing.hidden = true;
  var live = el('div', 'vh');
  live.setAttribute('aria-live', 'polite');

  var form = el('form', 'compose');
  var label = bind(el('label', 'vh'), 'input');
  label.htmlFor = 'ab-input';
  var input = el('textarea', 'compose__input');
  input.id = 'ab-input';
  input.rows = 1;
  input.setAttribute('aria-describedby', 'ab-hint');
  var fileInput = el('input', 'vh');
  fileInput.type = 'file';
  fileInput.tabIndex = -1;
  fileInput.setAttribute('aria-hidden', 'true');
  fileInput.accept = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
  var attachBtn = el('button', 'compose__attach');
  attachBtn.type = 'button';
  bind(attachBtn, 'attach', 'aria-label');
  bind(attachBtn, 'attach', 'title');
  attachBtn.innerHTML = '<svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" d="M20 11.5l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7L9.7 17.2a1.7 1.7 0 0 1-2.4-2.4L15 7"/></svg>';
  var sendBtn = bind(el('button', 'compose__send'), 'send');
  sendBtn.type = 'submit';
  var hint = bind(el('p', 'compose__hint'), 'hint');
  hint.id = 'ab-hint';
  form.append(label, input, fileInput, attachBtn, sendBtn, hint);
  setField(null); // the placeholder, until the bot asks for a field
  // The city's privacy policy, accessibility statement and its feedback
  // mechanism, as the embedding page names them (data-privacy,
  // data-accessibility, data-feedback); only http(s), mailto: and paths.
  var legal = el('nav', 'legal');
  bind(legal, 'legal', 'aria-label');
  ['privacy', 'accessibility', 'feedback'].forEach(function (key) {
    var l = [key, ''];
    var href = script.dataset[l[0]];
    if (!href) return;
    var u;
    try { u = new URL(href, document.baseURI); } catch (e) { return; }
    if (!/^(https?|mailto):$/.test(u.protocol)) return;
    var a = bind(el('a', 'legal__' + l[0]), key);
    a.href = u.href;
    if (u.protocol !== 'mailto:') { a.target = '_blank'; a.rel = 'noopener'; }
    legal.appendChild(a);
  });
  legal.hidden = !legal.firstChild;
  panel.append(head, offline, log, refCard, typing, live, form, legal);
  wrap.append(launcher, panel);

  // ---- The language menu: every language of the catalog by its own name.
  // Picking one writes the widget's texts in it (right to left for Arabic),
  // keeps it for the next visit and tells the engine with the choice
  // "lang:<tag>", so that the conversation continues in it.
  var langBtn, langList;
  function langMenu() {
    var box = el('div', 'lang');
    langBtn = el('button', 'lang__button');
    langBtn.type = 'button';
    langBtn.setAttribute('aria-expanded', 'false');
    langBtn.setAttribute('aria-controls', 'ab-langs');
    langBtn.innerHTML = '<svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><g fill="none" stroke="currentColor" stroke-width="2"><circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z"/></g></svg>';
    langBtn.append(bind(el('span', 'vh'), function () { return T.language + ': '; }), bind(el('span', 'lang__current'), 'name'));
    langList = el('ul', 'lang__list');
    langList.id = 'ab-langs';
    langList.hidden = true;
    Object.keys(TEXTS).sort(function (a, b) { return TEXTS[a].rank - TEXTS[b].rank; }).forEach(function (code) {
      var b = el('button', 'lang__option', TEXTS[code].name);
      b.type = 'button';
      b.lang = code;
      b.dir = TEXTS[code].dir;
      b.dataset.lang = code;
      b.setAttribute('aria-current', String(code === lang));
      b.addEventListener('click', function () { chooseLang(code); });
      var li = el('li');
      li.appendChild(b);
      langList.appendChild(li);
    });
    langBtn.addEventListener('click', function () { showLangs(langList.hidden); });
    box.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape' || langList.hidden) return;
      e.preventDefault();
      e.stopPropagation(); // the list closes, not the chat
      showLangs(false);
      langBtn.focus();
    });
    box.addEventListener('focusout', function (e) { if (!box.contains(e.relatedTarget)) showLangs(false); });
    box.append(langBtn, langList);
    return box;
  }
  function showLangs(on) {
    langList.hidden = !on;
    langBtn.setAttribute('aria-expanded', String(on));
    if (on) (langList.querySelector('[aria-current="true"]') || langList.querySelector('button')).focus();
  }
  function chooseLang(code) {
    showLangs(false);
    langBtn.focus();
    if (code === lang) return;
    setLang(code);
    saved.lang = code;
    save();
    queue({ type: 'choice', id: newID(), value: 'lang:' + code, label: TEXTS[code].name }, { text: TEXTS[code].name });
    if (!ws) connect();
  }
  // setLang writes every text of the widget in language code.
  function setLang(code) {
    lang = code;
    T = TEXTS[code];
    plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(code === 'de-x-ls' ? 'de' : code) : null;
    wrap.lang = code;
    wrap.dir = T.dir;
    bound = bound.filter(function (b) { return b[0].isConnected; });
    bound.forEach(write);
    langList.querySelectorAll('button').forEach(function (b) { b.setAttribute('aria-current', String(b.dataset.lang === code)); });
    setField(field);
    setStatus(wrap.dataset.state || 'connecting');
    showBadge();
    if (lastRef) showReference(lastRef);
  }

  function bubble(text) {
    var b = el('div', 'msg__bubble');
    b.appendChild(el('p', 'msg__text', text));
    return b;
  }

