// The phone's Settings App page in the phone panel: draws the component tree the real settings
// page built (GET /api/settings) as HTML a person can click and type in, and sends each action
// back (POST /api/settings). A text field reports its value when the person confirms it (Enter
// or leaving the field), as the Zepp app's edit dialog does. Plain browser JavaScript, no build;
// separate from app.js on purpose.
'use strict';
(function () {
  var root = document.getElementById('settings-page');
  if (!root) return;
  var last = '';
  var busy = false;
  var STYLE_KEYS = ['color', 'fontSize', 'fontWeight', 'fontStyle', 'textAlign', 'padding', 'margin', 'marginTop', 'marginBottom', 'background', 'backgroundColor', 'borderRadius'];

  var css = document.createElement('style');
  css.textContent = [
    '.settings-page { background: #f6f7f9; color: #1f2328; border-radius: 12px; padding: 8px; max-height: 640px; overflow: auto; font-size: 13px; }',
    '.settings-page .s-section { background: #fff; border-radius: 10px; padding: 8px 10px; margin: 8px 0; box-shadow: 0 1px 2px rgba(0,0,0,.08); }',
    '.settings-page .s-title { font-weight: 600; margin-bottom: 2px; }',
    '.settings-page .s-desc { color: #57606a; font-size: 12px; margin-bottom: 6px; }',
    '.settings-page label { display: block; margin: 6px 0 2px; color: #57606a; font-size: 12px; }',
    '.settings-page input[type=text], .settings-page textarea, .settings-page select { width: 100%; box-sizing: border-box; padding: 5px 7px; border: 1px solid #d0d7de; border-radius: 6px; font: inherit; background: #fff; color: #1f2328; }',
    '.settings-page textarea { font-family: ui-monospace, monospace; font-size: 11px; }',
    '.settings-page button { background: #0969da; color: #fff; border: 0; border-radius: 14px; padding: 4px 12px; margin: 6px 0; }',
    '.settings-page .s-text { margin: 3px 0; white-space: pre-wrap; word-break: break-word; }',
    '.settings-page .s-error { color: #cf222e; margin-top: 6px; }',
    '.settings-page a { color: #0969da; }',
  ].join('\n');
  document.head.appendChild(css);

  function labelOf(n) {
    if (typeof n.props.label === 'string') return n.props.label;
    if (typeof n.props.title === 'string') return n.props.title;
    if (n.type === 'Text') return n.children.map(function (c) { return c.type === '#text' ? c.text : ''; }).join('');
    return '';
  }

  function applyStyle(elm, style) {
    if (!style || typeof style !== 'object') return;
    STYLE_KEYS.forEach(function (k) { if (typeof style[k] === 'string' || typeof style[k] === 'number') elm.style[k] = String(style[k]); });
  }

  function send(n, kind, value) {
    busy = true;
    var body = { id: n.id, type: n.type, label: labelOf(n), kind: kind };
    if (value !== undefined) body.value = value;
    return fetch('/api/settings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status)); }); })
      .catch(function (e) { showError(e.message); })
      .then(function () { busy = false; last = ''; refresh(); });
  }

  function showError(text) {
    var e = root.querySelector('.s-error');
    if (!e) { e = document.createElement('div'); e.className = 's-error'; root.appendChild(e); }
    e.textContent = text;
  }

  function safeUrl(u, images) {
    return typeof u === 'string' && (/^https?:\/\//i.test(u) || (images && /^data:image\//i.test(u))) ? u : null;
  }

  function draw(n) {
    if (n.type === '#text') return document.createTextNode(n.text);
    var p = n.props;
    var e;
    var kids = function (into) { n.children.forEach(function (c) { into.appendChild(draw(c)); }); return into; };
    switch (n.type) {
      case 'Section': {
        e = document.createElement('div');
        e.className = 's-section';
        if (p.title) { var t = document.createElement('div'); t.className = 's-title'; t.textContent = p.title; e.appendChild(t); }
        if (p.description) { var d = document.createElement('div'); d.className = 's-desc'; d.textContent = p.description; e.appendChild(d); }
        kids(e);
        break;
      }
      case 'Text':
        e = kids(document.createElement('div'));
        e.className = 's-text';
        if (p.bold) e.style.fontWeight = '600';
        if (p.italic) e.style.fontStyle = 'italic';
        if (p.align) e.style.textAlign = p.align;
        break;
      case 'Button':
        e = document.createElement('button');
        e.type = 'button';
        e.textContent = p.label || '';
        e.addEventListener('click', function () { send(n, 'click'); });
        break;
      case 'TextInput': {
        e = document.createElement('div');
        var l = document.createElement('label');
        l.textContent = p.label || '';
        var input = document.createElement(p.multiline ? 'textarea' : 'input');
        if (!p.multiline) input.type = 'text';
        else input.rows = Number(p.rows) || 4;
        input.value = typeof p.value === 'string' ? p.value : '';
        if (p.placeholder) input.placeholder = p.placeholder;
        input.disabled = !!p.disabled;
        input.setAttribute('aria-label', p.label || '');
        if (n.accepts.indexOf('change') >= 0) {
          input.addEventListener('change', function () { send(n, 'change', input.value); });
          if (!p.multiline) input.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') input.blur(); });
        } else input.readOnly = true;
        e.appendChild(l);
        e.appendChild(input);
        break;
      }
      case 'Toggle': {
        e = document.createElement('label');
        var box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = !!p.value;
        box.addEventListener('change', function () { send(n, 'change', box.checked); });
        e.appendChild(box);
        e.appendChild(document.createTextNode(' ' + (p.label || '')));
        break;
      }
      case 'Select': {
        e = document.createElement('div');
        var sl = document.createElement('label');
        sl.textContent = p.label || p.title || '';
        var sel = document.createElement('select');
        sel.multiple = !!p.multiple;
        sel.setAttribute('aria-label', p.label || '');
        (Array.isArray(p.options) ? p.options : []).forEach(function (o) {
          var opt = document.createElement('option');
          opt.value = o.value !== undefined ? o.value : o.name;
          opt.textContent = o.name !== undefined ? o.name : o.value;
          var v = p.value;
          opt.selected = Array.isArray(v) ? v.indexOf(opt.value) >= 0 : v === opt.value;
          sel.appendChild(opt);
        });
        sel.addEventListener('change', function () {
          send(n, 'change', sel.multiple ? Array.prototype.filter.call(sel.options, function (o) { return o.selected; }).map(function (o) { return o.value; }) : sel.value);
        });
        e.appendChild(sl);
        e.appendChild(sel);
        break;
      }
      case 'Slider': {
        e = document.createElement('div');
        var rl = document.createElement('label');
        rl.textContent = p.label || '';
        var range = document.createElement('input');
        range.type = 'range';
        ['min', 'max', 'step', 'value'].forEach(function (k) { if (p[k] !== undefined) range[k] = String(p[k]); });
        range.setAttribute('aria-label', p.label || '');
        range.addEventListener('change', function () { send(n, 'change', Number(range.value)); });
        e.appendChild(rl);
        e.appendChild(range);
        break;
      }
      case 'Link': {
        e = kids(document.createElement('a'));
        var href = safeUrl(p.source, false);
        if (href) { e.href = href; e.target = '_blank'; e.rel = 'noopener noreferrer'; }
        break;
      }
      case 'Image': {
        e = document.createElement('img');
        var src = safeUrl(p.src, true);
        if (src) e.src = src;
        e.alt = p.alt || '';
        if (p.width) e.style.width = typeof p.width === 'number' ? p.width + 'px' : String(p.width);
        if (p.height) e.style.height = typeof p.height === 'number' ? p.height + 'px' : String(p.height);
        break;
      }
      case 'Toast':
        e = document.createElement('div');
        if (p.visible) { e.className = 's-text'; e.textContent = p.message || ''; }
        break;
      default:
        // View, TextImageRow, Auth: a box with their text and children.
        e = document.createElement('div');
        if (p.label) e.appendChild(document.createTextNode(p.label));
        if (p.sublabel) { var sub = document.createElement('div'); sub.className = 's-desc'; sub.textContent = p.sublabel; e.appendChild(sub); }
        kids(e);
        if (n.accepts.indexOf('click') >= 0) { e.style.cursor = 'pointer'; e.addEventListener('click', function (ev) { if (ev.target === e) send(n, 'click'); }); }
    }
    applyStyle(e, p.style);
    e.setAttribute('data-node', n.id);
    e.setAttribute('data-type', n.type);
    return e;
  }

  function refresh() {
    if (busy) return;
    // Never redraw under the person's cursor: a field being edited keeps its text.
    if (root.contains(document.activeElement) && document.activeElement !== root) return;
    fetch('/api/settings').then(function (r) { return r.json(); }).then(function (s) {
      var text = JSON.stringify(s);
      if (text === last || busy || (root.contains(document.activeElement) && document.activeElement !== root)) return;
      last = text;
      root.textContent = '';
      if (s.tree) root.appendChild(draw(s.tree));
      if (s.errors && s.errors.length) showError('Settings page: ' + s.errors[s.errors.length - 1]);
    }, function () { /* the simulator is restarting or gone; the next poll tries again */ });
  }

  refresh();
  setInterval(refresh, 700);
})();
