  // widget.js continued (one function over the parts: see 1-setup.js)
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

