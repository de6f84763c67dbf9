  // widget.js continued (one function over the parts: see 1-setup.js)
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
