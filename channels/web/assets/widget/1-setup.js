/* Amtsbote web chat widget. Embed it with one line:
 *   <script src="https://chat.example.org/widget.js" defer data-lang="de" data-title="Bürgerservice"></script>
 * The server is the one the script came from. Protocol: docs/web-chat-protocol.md.
 * No dependencies; every text is inserted with textContent, never as HTML.
 * Its source is the files in channels/web/assets/widget/, which the server
 * joins in the order of their names into this one script. */
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

