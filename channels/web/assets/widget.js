/* Amtsbote web chat widget. Embed it with one line:
 *   <script src="https://chat.example.org/widget.js" defer data-lang="de" data-title="Bürgerservice"></script>
 * The server is the one the script came from. Protocol: docs/web-chat-protocol.md.
 * No dependencies; every text is inserted with textContent, never as HTML. */
(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[src$="widget.js"]');
  if (!script || document.getElementById('amtsbote-chat')) return;
  var base = new URL('./', script.src);
  // TEXTS is the text catalog's widget texts by language, with each
  // language's writing direction, filled in by the server (package text).
  var TEXTS = {/*TEXTS*/};
  var storeKey = 'amtsbote:' + base.href;
  var saved = load();
  // The language chosen in the widget's menu (kept with the token) wins
  // over the page's.
  var lang = pickLang(saved.lang || script.dataset.lang || document.documentElement.lang || 'de');
  var T = TEXTS[lang];
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang === 'de-x-ls' ? 'de' : lang) : null;
  // bound are the elements showing a text, with how to write it: they are
  // written again when the citizen picks another language.
  var bound = [];
  // pickLang is the catalog's language for a tag: de-x-ls as is, else by
  // the primary subtag; German for one the catalog lacks.
  function pickLang(tag) {
    tag = String(tag).toLowerCase().replace('_', '-');
    if (TEXTS[tag]) return tag;
    var primary = tag.split('-')[0];
    return TEXTS[primary] ? primary : 'de';
  }
  // count is a plural text for n, chosen by the browser's CLDR rules.
  function count(forms, n) {
    var s = typeof forms === 'string' ? forms : forms[plurals ? plurals.select(n) : 'other'] || forms.other || forms.many;
    return s.replace('{n}', n);
  }
  var RETRYABLE = { rate_limited: 1, busy: 1, unavailable: 1 };

  var limits = { text_chars: 4000, upload_bytes: 10485760, upload_types: ['application/pdf', 'image/jpeg', 'image/png'] };
  var pending = new Map(); // client id → frame not yet acknowledged, in send order
  var shown = new Map(); // message id → its list item
  var ws = null, ready = false, attempt = 0, retryTimer = 0, typingSent = 0, typingTimer = 0, unread = 0;
  var limitedUntil = 0; // the server refused a new session: not before this time (ms) again
  var limitedNote = ''; // the server's own words for a refused connection ('' for a new session)

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || {}; } catch (e) { return {}; }
  }
  function save() {
    var list = [];
    pending.forEach(function (f) { if (f.type !== 'file') list.push(f); });
    try { localStorage.setItem(storeKey, JSON.stringify({ token: saved.token || '', open: !!saved.open, lang: saved.lang || '', pending: list })); } catch (e) { /* private mode */ }
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  // bind shows the text text() gives on e: as its content, or as attr
  // (e.g. 'aria-label'); again whenever the language changes.
  function bind(e, text, attr) {
    var b = [e, typeof text === 'string' ? function () { return T[text]; } : text, attr];
    bound.push(b);
    write(b);
    return e;
  }
  function write(b) {
    if (b[2]) b[0].setAttribute(b[2], b[1]());
    else b[0].textContent = b[1]();
  }
  function newID() {
    var b = new Uint8Array(12);
    crypto.getRandomValues(b);
    return 'c' + Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
  }

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

  // ---- Showing messages.
  function speaker(from) { return T[from] || T.bot; }
  function clock(t) {
    var d = t ? new Date(t) : new Date();
    return d.toLocaleTimeString(lang === 'en' ? 'en-GB' : lang === 'de-x-ls' ? 'de-DE' : lang, { hour: '2-digit', minute: '2-digit' });
  }
  // fileKind is what a file is, for its label: its extension ("ICS",
  // "PDF"), else the subtype of its media type without parameters (not
  // "CALENDAR; CHARSET=UTF-8").
  function fileKind(file) {
    var ext = /\.([a-z0-9]{2,5})$/i.exec(file.name || '');
    return (ext ? ext[1] : (file.media_type || '').split(';')[0].split('/')[1] || '').trim().toUpperCase();
  }
  function sizeText(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB'; }

  function render(f, state) {
    var old = shown.get(f.id);
    if (old) {
      if (f.from === 'citizen') acked(f.id);
      return;
    }
    starterBox.replaceChildren();
    var li = el('li', 'msg msg--' + (f.from || 'bot'));
    li.dataset.id = f.id;
    var visible = f.from === 'staff' || f.from === 'system';
    li.append(bind(el('span', visible ? 'msg__who' : 'vh'), function () { return speaker(f.from) + (visible ? '' : ': '); }));
    var b = bubble(f.text || '');
    (f.files || []).forEach(function (file) {
      var line = el('p', 'msg__file');
      var label = file.name + ' (' + fileKind(file) + ', ' + sizeText(file.size) + ')';
      if (file.url) {
        var a = el('a', null, label);
        a.href = new URL(file.url, base).href;
        a.setAttribute('download', file.name);
        a.rel = 'noopener';
        a.appendChild(el('span', 'vh', ' ' + T.download));
        line.appendChild(a);
      } else {
        line.textContent = '📎 ' + label;
      }
      b.appendChild(line);
    });
    (f.links || []).forEach(function (l) {
      if (!/^https?:\/\//i.test(l.url || '')) return; // the server sends only these; never a javascript: link
      var line = el('p', 'msg__link');
      var a = el('a', null, l.label || l.host);
      a.href = l.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      line.append(a, ' ', el('span', 'msg__host', '(' + l.host + ')'));
      b.appendChild(line);
    });
    li.appendChild(b);
    var meta = el('p', 'msg__meta', clock(f.time));
    if (f.from === 'citizen') {
      if (state === 'pending') li.classList.add('is-pending');
      var st = bind(el('span', 'msg__state'), function () { return li.classList.contains('is-pending') ? T.sending : li.classList.contains('is-failed') ? T.failed : T.sent; });
      meta.append(' · ', st);
    }
    li.appendChild(meta);
    var firstPending = log.querySelector('.is-pending');
    if (f.history && firstPending) log.insertBefore(li, firstPending); else log.appendChild(li);
    shown.set(f.id, li);
    if (!(f.history && firstPending)) clearOptions();
    if (f.from !== 'citizen') {
      if (f.reference) showReference(f.reference);
      if (f.options && f.options.length) li.appendChild(optionButtons(f.options));
      setField(f.field);
      typing.hidden = true;
      if (!f.history) {
        announce(speaker(f.from) + ': ' + (f.text || '') + (f.options && f.options.length ? ' – ' + T.options + ': ' + f.options.map(function (o) { return o.label; }).join(', ') : ''));
        if (panel.hidden) { unread++; showBadge(); }
      }
    } else if (f.history) {
      acked(f.id);
    }
    log.scrollTop = log.scrollHeight;
  }

  function optionButtons(options) {
    var g = el('div', 'options');
    g.setAttribute('role', 'group');
    bind(g, 'options', 'aria-label');
    options.forEach(function (o) {
      var btn = el('button', 'option', o.label);
      btn.type = 'button';
      btn.addEventListener('click', function () { choose(o); });
      g.appendChild(btn);
    });
    return g;
  }
  function clearOptions() {
    var hadFocus = root.activeElement && root.activeElement.classList.contains('option');
    log.querySelectorAll('.msg .options').forEach(function (g) { if (g !== starterBox) g.remove(); });
    if (hadFocus) input.focus();
  }
  var field = null; // the field the bot asks for
  function setField(f) {
    field = f;
    var type = field && field.type;
    input.placeholder = (type && T['field.' + type]) || T.placeholder;
    input.inputMode = { decimal: 'decimal', number: 'numeric', email: 'email', phone: 'tel' }[type] || 'text';
    input.autocomplete = { email: 'email', phone: 'tel' }[type] || (field && field.name === 'name' ? 'name' : 'off');
    attachBtn.classList.toggle('is-wanted', type === 'file');
  }
  function notice(text) {
    var li = el('li', 'msg msg--system');
    li.append(bind(el('span', 'msg__who'), 'system'), bubble(text));
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
    announce(T.system + ': ' + text);
  }
  function announce(text) {
    live.textContent = '';
    setTimeout(function () { live.textContent = text; }, 50);
  }
  function acked(id) {
    var li = shown.get(id);
    if (li) {
      li.classList.remove('is-pending');
      var st = li.querySelector('.msg__state');
      if (st) st.textContent = T.sent;
    }
    if (pending.delete(id)) save();
  }
  function failed(id, text) {
    var li = shown.get(id);
    pending.delete(id);
    save();
    if (!li) { notice(text); return; }
    li.classList.remove('is-pending');
    li.classList.add('is-failed');
    var st = li.querySelector('.msg__state');
    if (st) st.textContent = T.failed;
    var err = el('p', 'msg__error', text);
    li.appendChild(err);
    announce(T.system + ': ' + text);
  }
  function showBadge() {
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
    launcher.setAttribute('aria-label', T.launcher + (unread ? ' – ' + unread + ' ' + T.unread : ''));
  }

  // ---- Sending.
  function queue(frame, display) {
    pending.set(frame.id, frame);
    save();
    render({ id: frame.id, from: 'citizen', text: display.text, files: display.files }, 'pending');
    transmit(frame);
  }
  function transmit(frame) {
    if (!ws || !ready) return;
    if (frame.type === 'file') {
      ws.send(JSON.stringify({ type: 'file', id: frame.id, name: frame.name, media_type: frame.media_type, size: frame.size }));
      ws.send(frame.data);
    } else {
      ws.send(JSON.stringify(frame));
    }
  }
  function sendText(text) {
    text = text.trim();
    if (!text) return;
    if (text.length > limits.text_chars) { notice(T.tooLong.replace('{n}', limits.text_chars)); return; }
    queue({ type: 'message', id: newID(), text: text }, { text: text });
  }
  function choose(o) {
    queue({ type: 'choice', id: newID(), value: o.value, label: o.label }, { text: o.label });
    input.focus();
  }
  function sendFile(file) {
    var mb = Math.round(limits.upload_bytes / 1048576);
    if (file.size > limits.upload_bytes) { notice(T.fileTooLarge.replace('{n}', mb)); return; }
    if (limits.upload_types.indexOf(file.type) < 0) { notice(T.fileType); return; }
    file.arrayBuffer().then(function (data) {
      var frame = { type: 'file', id: newID(), name: file.name, media_type: file.type, size: data.byteLength, data: data };
      queue(frame, { text: '', files: [{ name: file.name, media_type: file.type, size: data.byteLength }] });
    });
  }

  // ---- The connection: hello, frames, reconnect with backoff.
  function setStatus(s) {
    status.textContent = s === 'online' ? T.online : s === 'offline' ? T.offline : T.connecting;
    wrap.dataset.state = s;
    offline.hidden = s !== 'offline';
    if (s === 'online') limitedUntil = 0;
    if (s === 'offline') offlineText.textContent = limitedUntil > Date.now() ? (limitedNote || limitedText(limitedUntil - Date.now())) : T.offlineText;
  }
  function limitedText(ms) {
    var s = Math.ceil(ms / 1000), n;
    if (s < 60) n = count(T.seconds, Math.max(5, Math.ceil(s / 5) * 5));
    else if (s < 90) n = T.minute;
    else n = count(T.minutes, Math.round(s / 60));
    return T.limited.replace('{n}', n);
  }
  function connect() {
    clearTimeout(retryTimer);
    if (ws) return;
    setStatus('connecting');
    var url = new URL('chat/ws', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    var sock;
    try { sock = new WebSocket(url.href); } catch (e) { reconnectLater(); return; }
    ws = sock;
    ready = false;
    sock.onopen = function () { sock.send(JSON.stringify({ type: 'hello', token: saved.token || '', lang: lang })); };
    sock.onmessage = function (ev) {
      if (ws !== sock || typeof ev.data !== 'string') return;
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      onFrame(f);
    };
    sock.onclose = function () {
      if (ws !== sock) return;
      ws = null;
      ready = false;
      setStatus('offline');
      if (limitedUntil > Date.now()) {
        // Refused a new session: try once when the server said, spread
        // over a little more so that neighbours behind one address do not
        // all come back in the same moment.
        var wait = limitedUntil - Date.now();
        clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, wait + Math.random() * Math.min(wait / 2, 15000));
        announce(T.system + ': ' + offlineText.textContent);
        return;
      }
      reconnectLater();
    };
  }
  function reconnectLater() {
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
    attempt++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  }
  function onFrame(f) {
    switch (f.type) {
      case 'welcome':
        if (saved.token && saved.token !== f.token) {
          // A new conversation: what was shown belongs to the old one.
          shown.forEach(function (li, id) { if (!pending.has(id)) { li.remove(); shown.delete(id); } });
        }
        saved.token = f.token;
        limits = f.limits || limits;
        input.maxLength = limits.text_chars;
        ready = true;
        attempt = 0;
        save();
        setStatus('online');
        starterBox.replaceChildren();
        if (f.starters && shown.size === 0) {
          f.starters.forEach(function (s) {
            var btn = el('button', 'option', s.text);
            btn.type = 'button';
            btn.addEventListener('click', function () { sendText(s.text); input.focus(); });
            starterBox.appendChild(btn);
          });
        }
        pending.forEach(transmit);
        break;
      case 'message': render(f); break;
      case 'ack': acked(f.id); break;
      case 'typing':
        typing.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typing.hidden = true; }, 6000);
        break;
      case 'error':
        if (f.code === 'too_many_sessions' || f.code === 'too_many_connections' || f.code === 'too_many_tabs') {
          // The server closes the connection next; onclose waits.
          limitedUntil = Date.now() + Math.max(f.retry_after_ms || 0, 5000);
          limitedNote = f.code === 'too_many_sessions' ? '' : String(f.message || '');
        } else if (f.id && pending.has(f.id) && RETRYABLE[f.code]) {
          setTimeout(function () { var p = pending.get(f.id); if (p) transmit(p); }, f.retry_after_ms || 2000);
        } else if (f.id && pending.has(f.id)) {
          failed(f.id, f.message);
        } else if (!RETRYABLE[f.code]) {
          notice(f.message);
        }
        break;
    }
  }

  // ---- Opening, closing, keyboard.
  function open(focus) {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    unread = 0;
    showBadge();
    saved.open = true;
    save();
    connect();
    log.scrollTop = log.scrollHeight;
    if (focus !== false) input.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    saved.open = false;
    save();
    launcher.focus();
  }
  launcher.addEventListener('click', function () { open(); });
  closeBtn.addEventListener('click', close);
  retryBtn.addEventListener('click', function () { attempt = 0; connect(); });
  panel.addEventListener('keydown', function (e) { if (e.key === 'Escape') { e.preventDefault(); close(); } });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    sendText(input.value);
    input.value = '';
    grow();
  });
  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  input.addEventListener('input', function () {
    grow();
    var now = Date.now();
    if (ws && ready && input.value.trim() && now - typingSent > 3000) {
      typingSent = now;
      ws.send('{"type":"typing"}');
    }
  });
  function grow() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 160) + 'px';
  }
  attachBtn.addEventListener('click', function () { fileInput.click(); });
  fileInput.addEventListener('change', function () {
    if (fileInput.files && fileInput.files[0]) sendFile(fileInput.files[0]);
    fileInput.value = '';
    input.focus();
  });
  // Buttons of the page: data-amtsbote-open opens the chat, data-amtsbote-ask="…" also asks.
  document.addEventListener('click', function (e) {
    var t = e.target.closest && e.target.closest('[data-amtsbote-open],[data-amtsbote-ask]');
    if (!t) return;
    open();
    var q = t.getAttribute('data-amtsbote-ask');
    if (q) sendText(q);
  });
  window.addEventListener('online', function () { if (!ws && limitedUntil <= Date.now()) { attempt = 0; connect(); } });

  // ---- Start: show what waits from before a reload, connect when there is a conversation.
  (saved.pending || []).forEach(function (f) {
    if (!f || !f.id || pending.has(f.id)) return;
    pending.set(f.id, f);
    render({ id: f.id, from: 'citizen', text: f.type === 'choice' ? f.label : f.text }, 'pending');
  });
  setStatus('connecting');
  document.body.appendChild(host);
  if (saved.open) open(false);
  else if (saved.token || pending.size) connect();
})();
