// The simulator page: draws the live state from /api/events (server-sent events; /api/state
// polling as a fallback) and posts the user's actions. Plain browser JavaScript, no build.
'use strict';
(function () {
  var SVG = 'http://www.w3.org/2000/svg';
  var XHTML = 'http://www.w3.org/1999/xhtml';
  var $ = function (id) { return document.getElementById(id); };
  var state = null;
  var nodeEls = {};

  function hex(c, fallback) {
    if (typeof c !== 'number' || !isFinite(c)) return fallback || '#ffffff';
    return '#' + ('000000' + (c >>> 0 & 0xffffff).toString(16)).slice(-6);
  }
  function num(v, d) { return typeof v === 'number' && isFinite(v) ? v : d; }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (ch) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch]; }); }
  function el(ns, name, attrs) {
    var e = document.createElementNS(ns, name);
    for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    return e;
  }
  function fmtClock(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, ss = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + String(ss).padStart(2, '0');
  }

  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || ('HTTP ' + r.status)); return j; }); })
      .catch(function (e) { $('watch-error').textContent = path + ': ' + e.message; });
  }

  // ---- watch ---------------------------------------------------------------------------
  var ALIGN_H = { 0: 'flex-start', 1: 'flex-end', 2: 'center' };
  var ALIGN_V = { 3: 'flex-start', 4: 'flex-end', 5: 'center' };

  function textBox(p, x, y, w, h, color, extra) {
    var fo = el(SVG, 'foreignObject', { x: x, y: y, width: Math.max(0, w), height: Math.max(0, h) });
    var div = document.createElementNS(XHTML, 'div');
    var style = p.text_style;
    var wrap = style === 0 || style === 1;
    div.setAttribute('style', [
      'width:100%', 'height:100%', 'display:flex', 'box-sizing:border-box',
      'justify-content:' + (extra && extra.center ? 'center' : ALIGN_H[p.align_h] || 'flex-start'),
      'align-items:' + (extra && extra.center ? 'center' : ALIGN_V[p.align_v] || 'flex-start'),
      'text-align:' + (extra && extra.center ? 'center' : p.align_h === 2 ? 'center' : p.align_h === 1 ? 'right' : 'left'),
      'color:' + color, 'font-size:' + num(p.text_size, 24) + 'px', 'line-height:1.2',
      'font-family:Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif', 'overflow:hidden',
      wrap ? 'white-space:normal' : 'white-space:nowrap', style === 0 ? 'word-break:break-all' : 'word-break:normal',
      'pointer-events:none', 'user-select:none',
    ].join(';'));
    var span = document.createElementNS(XHTML, 'span');
    span.textContent = p.text == null ? '' : String(p.text);
    if (!wrap) span.setAttribute('style', 'overflow:hidden;text-overflow:ellipsis;max-width:100%');
    div.appendChild(span);
    fo.appendChild(div);
    return fo;
  }

  function arcPath(cx, cy, r, a0, a1) {
    var rad = function (a) { return (a * Math.PI) / 180; };
    if (Math.abs(a1 - a0) >= 359.99) a1 = a0 + 359.99;
    var x0 = cx + r * Math.cos(rad(a0)), y0 = cy + r * Math.sin(rad(a0));
    var x1 = cx + r * Math.cos(rad(a1)), y1 = cy + r * Math.sin(rad(a1));
    var large = Math.abs(a1 - a0) > 180 ? 1 : 0;
    var sweep = a1 > a0 ? 1 : 0;
    return 'M' + x0.toFixed(2) + ' ' + y0.toFixed(2) + ' A' + r + ' ' + r + ' 0 ' + large + ' ' + sweep + ' ' + x1.toFixed(2) + ' ' + y1.toFixed(2);
  }

  function drawNode(n) {
    var p = n.props;
    var g = el(SVG, 'g', { 'data-id': n.id, 'data-type': n.type });
    var x = num(p.x, 0), y = num(p.y, 0), w = num(p.w, 0), h = num(p.h, 0);
    switch (n.type) {
      case 'TEXT':
        g.appendChild(textBox(p, x, y, w, h, hex(p.color)));
        break;
      case 'BUTTON': {
        g.setAttribute('class', 'wbtn');
        g.setAttribute('role', 'button');
        g.setAttribute('tabindex', '0');
        g.setAttribute('aria-label', p.text == null ? 'button' : String(p.text));
        g.appendChild(el(SVG, 'rect', { x: x, y: y, width: w, height: h, rx: Math.min(num(p.radius, 0), h / 2), fill: hex(p.normal_color, '#333333') }));
        g.appendChild(textBox(p, x, y, w, h, hex(p.color), { center: true }));
        break;
      }
      case 'FILL_RECT':
        g.appendChild(el(SVG, 'rect', { x: x, y: y, width: w, height: h, rx: num(p.radius, 0), fill: hex(p.color, '#333333'), 'fill-opacity': p.alpha != null ? num(p.alpha, 255) / 255 : null }));
        break;
      case 'STROKE_RECT':
        g.appendChild(el(SVG, 'rect', { x: x, y: y, width: w, height: h, rx: num(p.radius, 0), fill: 'none', stroke: hex(p.color), 'stroke-width': num(p.line_width, 1) }));
        break;
      case 'CIRCLE':
        g.appendChild(el(SVG, 'circle', { cx: num(p.center_x, 0), cy: num(p.center_y, 0), r: num(p.radius, 0), fill: hex(p.color) }));
        break;
      case 'ARC': {
        // ARC draws in its box (x, y, w, h) from start_angle to end_angle (0 = three o'clock).
        var cx = num(p.center_x, x + w / 2), cy = num(p.center_y, y + h / 2), r = num(p.radius, Math.min(w, h) / 2);
        var a0 = num(p.start_angle, 0), a1 = num(p.end_angle, 360), lw = num(p.line_width, 8);
        if (Math.abs(a1 - a0) > 0.01) g.appendChild(el(SVG, 'path', { d: arcPath(cx, cy, r - lw / 2, a0, a1), fill: 'none', stroke: hex(p.color), 'stroke-width': lw, 'stroke-linecap': 'round', 'data-sweep': Math.round(a1 - a0) }));
        break;
      }
      case 'IMG':
        g.appendChild(el(SVG, 'rect', { x: x, y: y, width: w || 48, height: h || 48, fill: '#222', stroke: '#555', 'stroke-dasharray': '4 3' }));
        g.appendChild(textBox({ text: String(p.src || 'img'), text_size: 14 }, x, y, w || 48, h || 48, '#888', { center: true }));
        break;
      default:
        if (p.text != null) g.appendChild(textBox(p, x, y, w, h, hex(p.color)));
    }
    if (n.clickable && n.type !== 'BUTTON') { g.setAttribute('class', 'wbtn'); g.setAttribute('role', 'button'); g.setAttribute('aria-label', String(p.text || n.type)); }
    return g;
  }

  // The page scroll: widgets live in one group moved up by the page's scroll offset, as the
  // watch moves a page taller than its screen. Wheel and drag scroll it (POST /api/scroll).
  var scroll = { y: 0, max: 0, dragging: null, suppressClick: false, pending: 0, sending: false };
  function content() {
    var g = $('watch-content');
    if (!g) { g = el(SVG, 'g', { id: 'watch-content' }); $('watch').appendChild(g); }
    return g;
  }
  function showScroll(y) { content().setAttribute('transform', 'translate(0,' + (-y) + ')'); $('watch').setAttribute('data-scroll', String(Math.round(y))); }
  function sendScroll() {
    if (scroll.sending || !scroll.pending) return;
    var dy = scroll.pending;
    scroll.pending = 0;
    scroll.sending = true;
    post('/api/scroll', { dy: dy }).then(function (r) {
      scroll.sending = false;
      if (r && typeof r.scrollY === 'number') { scroll.y = r.scrollY; showScroll(scroll.y); }
      sendScroll();
    });
  }
  function scrollBy(dy) {
    var want = Math.max(0, Math.min(scroll.max, scroll.y + scroll.pending + dy));
    scroll.pending = want - scroll.y;
    showScroll(want);
    sendScroll();
  }
  function svgScale() {
    var svg = $('watch'), r = svg.getBoundingClientRect();
    return r.height ? Number(svg.getAttribute('height')) / r.height : 1;
  }

  function renderWatch(s) {
    var svg = $('watch');
    var holder = content();
    var round = s.screen.shape === 'round';
    svg.setAttribute('width', s.screen.width);
    svg.setAttribute('height', s.screen.height);
    svg.setAttribute('viewBox', '0 0 ' + s.screen.width + ' ' + s.screen.height);
    svg.setAttribute('class', round ? 'round' : 'square');
    svg.setAttribute('data-shape', s.screen.shape);
    var seen = {};
    var prev = null;
    s.watch.nodes.forEach(function (n) {
      var key = String(n.id);
      seen[key] = true;
      var sig = n.type + JSON.stringify(n.props) + n.clickable;
      var cur = nodeEls[key];
      if (!cur || cur.sig !== sig) {
        var g = drawNode(n);
        if (cur) holder.replaceChild(g, cur.el);
        cur = nodeEls[key] = { el: g, sig: sig };
      }
      // keep creation order (later widgets draw on top)
      var want = prev ? prev.nextSibling : holder.firstChild;
      if (want !== cur.el) holder.insertBefore(cur.el, want);
      prev = cur.el;
    });
    Object.keys(nodeEls).forEach(function (k) {
      if (!seen[k]) { if (nodeEls[k].el.parentNode) nodeEls[k].el.parentNode.removeChild(nodeEls[k].el); delete nodeEls[k]; }
    });
    scroll.max = Math.max(0, num(s.watch.contentHeight, s.screen.height) - s.screen.height);
    if (!scroll.dragging && !scroll.sending && !scroll.pending) { scroll.y = num(s.watch.scrollY, 0); showScroll(scroll.y); }
    svg.setAttribute('data-scroll-max', String(scroll.max));
    if (!s.watch.running) {
      if (!$('watch-off')) svg.appendChild(textBox({ text: 'App not running', text_size: 28 }, 0, 0, s.screen.width, s.screen.height, '#888', { center: true })).setAttribute('id', 'watch-off');
    } else if ($('watch-off')) $('watch-off').remove();
    $('watch-url').textContent = s.watch.url || '(not running)';
    ['round', 'square'].forEach(function (k) { $('shape-' + k).classList.toggle('on', s.screen.shape === k); });
    document.querySelectorAll('[data-lang]').forEach(function (b) { b.classList.toggle('on', s.lang === b.getAttribute('data-lang')); });
    $('motion-model').classList.toggle('on', s.motion !== 'keyboard');
    $('motion-model').textContent = s.trace ? 'Trace ' + s.trace.split('/').pop() : 'Motion model';
    $('motion-keyboard').classList.toggle('on', s.motion === 'keyboard');
    $('reps').textContent = s.motion === 'keyboard' ? s.keyboardReps + ' rep(s) from the keyboard' : '';
    var sess = s.session;
    $('session-line').textContent = sess ? 'Session: ' + sess.status + (sess.kind !== '-' ? ' · ' + sess.kind + ' · set ' + sess.set + '/' + sess.sets : '') : 'No session running';
    $('vibrations').textContent = s.watch.vibrationCount ? 'Buzzes (' + s.watch.vibrationCount + '): ' + s.watch.vibrations.slice(-5).map(function (v) { return v.name; }).join(' · ') : 'No buzz yet';
    if (s.watch.lastError) $('watch-error').textContent = s.watch.errors + ' watch error(s), last: ' + s.watch.lastError;
  }

  // ---- phone ---------------------------------------------------------------------------
  function renderPhone(s) {
    var ph = s.phone;
    var dl = $('phone-status');
    if (!ph) { dl.innerHTML = '<dt>Service</dt><dd class="bad">not running</dd>'; return; }
    var ctl = ph.phone ? ph.phone.controller : '?';
    var cls = ctl === 'connected' ? 'good' : ctl === 'stale' ? 'warn' : 'bad';
    var relay = ph.relay || {};
    var rows = [
      ['Controller', '<span id="link-state" class="' + cls + '">' + esc(ctl) + '</span>' + (ph.phone && ph.phone.detail ? ' <span class="dim">' + esc(ph.phone.detail) + '</span>' : '')],
      ['Pressure relay', esc((relay.sent || 0) + ' sent · ' + (relay.coalesced || 0) + ' coalesced · ' + (relay.failed || 0) + ' failed')],
      ['Cuff commands', ph.cuffCommands ? esc(ph.cuffCommands.handled + ' handled · ' + ph.cuffCommands.refused + ' refused · ' + ph.cuffCommands.failed + ' failed') : '-'],
      ['Dead man', ph.deadMan ? esc(ph.deadMan.trips + ' trip(s)') : '-'],
      ['Inbox', ph.inbox ? esc(ph.inbox.sessions + ' stored · ' + ph.inbox.unsynced + ' unsynced · ' + ph.inbox.received + ' pushes') : '-'],
      ['Uploader', ph.uploader ? esc(ph.uploader.state) : '-'],
    ];
    dl.innerHTML = rows.map(function (r) { return '<dt>' + r[0] + '</dt><dd>' + r[1] + '</dd>'; }).join('');
    var sessions = ph.sessions || [];
    $('session-count').textContent = '(' + sessions.length + ')';
    var tbody = $('sessions').querySelector('tbody');
    var html = sessions.map(function (e) {
      var when = new Date(e.startedAtMs).toLocaleTimeString();
      var id = encodeURIComponent(e.id);
      return '<tr data-session="' + esc(e.id) + '"><td>' + esc(when) + '</td><td>' + esc(e.programId) + '</td><td class="' + (e.status === 'completed' ? 'good' : e.status === 'stopped' ? 'warn' : 'dim') + '">' + esc(e.status) + '</td><td>' +
        ['csv', 'json', 'fit'].map(function (f) { return '<a href="/api/export/' + id + '.' + f + '" download>' + f.toUpperCase() + '</a>'; }).join('') + '</td></tr>';
    }).join('') || '<tr><td colspan="4" class="dim">No sessions yet</td></tr>';
    if (tbody.innerHTML !== html) tbody.innerHTML = html;
    var ev = (ph.events || []).slice(-30).reverse();
    var logs = (ph.logs || []).slice(-3).reverse();
    var evHtml = ev.map(function (e) { return '<li><span class="dim">' + esc(new Date(e.atMs).toLocaleTimeString()) + '</span> <b>' + esc(e.kind) + '</b> ' + esc(e.message) + '</li>'; }).join('') +
      logs.map(function (l) { return '<li class="dim">' + esc(l.level + ': ' + l.text.slice(0, 160)) + '</li>'; }).join('');
    var ul = $('events');
    evHtml = evHtml || '<li class="dim">No events</li>';
    if (ul.innerHTML !== evHtml) ul.innerHTML = evHtml;
  }

  // ---- controller ----------------------------------------------------------------------
  var FAULTS = [
    { label: 'Delay 1.5 s', on: { delayMs: 1500 }, off: { delayMs: 0 }, is: function (f) { return f.delayMs > 0; } },
    { label: 'Drop 30 %', on: { dropRate: 0.3 }, off: { dropRate: 0 }, is: function (f) { return f.dropRate > 0; } },
    { label: 'Garbage 30 %', on: { garbageRate: 0.3 }, off: { garbageRate: 0 }, is: function (f) { return f.garbageRate > 0; } },
    { label: 'Errors 30 %', on: { errorRate: 0.3 }, off: { errorRate: 0 }, is: function (f) { return f.errorRate > 0; } },
    { label: 'Bad schema 30 %', on: { badSchemaRate: 0.3 }, off: { badSchemaRate: 0 }, is: function (f) { return f.badSchemaRate > 0; } },
    { label: 'Stuck valve', on: { stuckValve: true }, off: { stuckValve: false }, is: function (f) { return f.stuckValve === true || (Array.isArray(f.stuckValve) && f.stuckValve.length > 0); } },
    { label: 'Trainee moving', on: { traineeMoving: true }, off: { traineeMoving: false }, is: function (f) { return !!f.traineeMoving; } },
    { label: 'Leak x20', on: { leakFactor: 20 }, off: { leakFactor: 1 }, is: function (f) { return f.leakFactor > 1; } },
    { label: 'Pressure spike', on: { spike: true }, oneShot: true },
  ];
  function buildFaultButtons() {
    var box = $('fault-buttons');
    FAULTS.forEach(function (f, i) {
      var b = document.createElement('button');
      b.textContent = f.label;
      b.className = 'danger';
      b.setAttribute('data-fault', String(i));
      b.addEventListener('click', function () {
        var on = state && state.controller && state.controller.faults && f.is && f.is(state.controller.faults);
        post('/api/faults', f.oneShot ? f.on : on ? f.off : f.on);
      });
      box.appendChild(b);
    });
    var clear = document.createElement('button');
    clear.textContent = 'Clear faults';
    clear.id = 'clear-faults';
    clear.addEventListener('click', function () { post('/api/faults', { delayMs: 0, dropRate: 0, garbageRate: 0, errorRate: 0, badSchemaRate: 0, stuckValve: false, traineeMoving: false, leakFactor: 1 }); });
    box.appendChild(clear);
  }

  function ensureCuff(c) {
    var id = 'cuff-' + c.id;
    var box = $(id);
    if (box) return box;
    box = document.createElement('div');
    box.className = 'cuff';
    box.id = id;
    box.innerHTML = '<div class="cuff-head"><b></b><span class="p"></span><span class="t dim"></span><span class="v"></span><span class="s dim"></span></div><canvas width="640" height="170"></canvas>';
    $('cuffs').appendChild(box);
    return box;
  }

  function drawChart(canvas, points, nowMs, target) {
    var dpr = window.devicePixelRatio || 1;
    var W = canvas.clientWidth || 600, H = canvas.clientHeight || 170;
    if (canvas.width !== Math.round(W * dpr)) { canvas.width = Math.round(W * dpr); canvas.height = Math.round(H * dpr); }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    var padL = 36, padB = 16, padT = 6, padR = 6;
    var maxY = 50;
    points.forEach(function (p) { if (p[1] > maxY) maxY = p[1]; });
    if (target) maxY = Math.max(maxY, target * 1.2);
    maxY = Math.ceil(maxY / 50) * 50;
    var t0 = nowMs - 60000;
    var X = function (t) { return padL + ((t - t0) / 60000) * (W - padL - padR); };
    var Y = function (v) { return H - padB - (v / maxY) * (H - padB - padT); };
    ctx.fillStyle = '#0d1117';
    ctx.fillRect(padL, padT, W - padL - padR, H - padT - padB);
    ctx.font = '11px system-ui';
    ctx.fillStyle = '#8b949e';
    ctx.strokeStyle = '#21262d';
    for (var v = 0; v <= maxY; v += 50) {
      ctx.beginPath(); ctx.moveTo(padL, Y(v)); ctx.lineTo(W - padR, Y(v)); ctx.stroke();
      ctx.fillText(String(v), 4, Y(v) + 4);
    }
    ctx.fillText('-60 s', padL, H - 3);
    ctx.fillText('now', W - padR - 22, H - 3);
    if (target) {
      ctx.fillStyle = 'rgba(63,185,80,0.18)';
      ctx.fillRect(padL, Y(target * 1.1), W - padL - padR, Y(target * 0.9) - Y(target * 1.1));
      ctx.strokeStyle = 'rgba(63,185,80,0.7)';
      ctx.setLineDash([4, 4]);
      ctx.beginPath(); ctx.moveTo(padL, Y(target)); ctx.lineTo(W - padR, Y(target)); ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.strokeStyle = '#58a6ff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    var started = false;
    points.forEach(function (p) {
      if (p[0] < t0) return;
      if (p[1] === null) { started = false; return; } // no reading (heart rate): a gap in the line
      if (!started) { ctx.moveTo(X(p[0]), Y(p[1])); started = true; } else ctx.lineTo(X(p[0]), Y(p[1]));
    });
    ctx.stroke();
    ctx.lineWidth = 1;
  }

  function renderController(s) {
    var c = s.controller || {};
    $('controller-url').textContent = c.url ? c.url + (c.timeScale ? ' · x' + c.timeScale : '') + (c.battery != null ? ' · battery ' + c.battery + ' %' : '') : (c.error ? 'unreachable: ' + c.error : '');
    var ids = {};
    (c.cuffs || []).forEach(function (cuff) { ids['cuff-' + cuff.id] = true; });
    Array.prototype.slice.call($('cuffs').children).forEach(function (box) { if (!ids[box.id]) box.remove(); });
    (c.cuffs || []).forEach(function (cuff) {
      var box = ensureCuff(cuff);
      var target = cuff.targetMmHg;
      var p = cuff.pressureMmHg;
      var inBand = target ? Math.abs(p - target) <= 0.1 * target : null;
      box.setAttribute('data-state', cuff.state);
      box.setAttribute('data-in-band', inBand === null ? '' : String(inBand));
      box.querySelector('b').textContent = cuff.id + ' (' + cuff.limb + ')';
      var pe = box.querySelector('.p');
      pe.textContent = Math.round(p) + ' mmHg';
      pe.className = 'p ' + (inBand === null ? '' : inBand ? 'good' : 'warn');
      box.querySelector('.t').textContent = target ? 'target ' + Math.round(target) + ' ±10 % (' + Math.round(target * 0.9) + '–' + Math.round(target * 1.1) + ')' : 'no target';
      var v = box.querySelector('.v');
      v.textContent = 'valve ' + cuff.valve;
      v.className = 'v ' + (cuff.valve === 'stuck' ? 'bad' : 'dim');
      box.querySelector('.s').textContent = cuff.state + (cuff.fault ? ' · fault ' + cuff.fault : '') + (cuff.lopMmHg ? ' · LOP ' + Math.round(cuff.lopMmHg) : '') + (cuff.measuring ? ' · measuring LOP' : '');
      drawChart(box.querySelector('canvas'), (c.history && c.history[cuff.id]) || [], c.tMs || 0, target);
    });
    var f = c.faults || {};
    var active = FAULTS.filter(function (x) { return x.is && x.is(f); }).map(function (x) { return x.label; });
    $('faults-now').textContent = 'Active faults: ' + (active.length ? active.join(', ') : 'none');
    document.querySelectorAll('#fault-buttons button[data-fault]').forEach(function (b) {
      var x = FAULTS[Number(b.getAttribute('data-fault'))];
      b.classList.toggle('on', !!(x.is && x.is(f)));
    });
    if (c.stats) {
      var inj = c.stats.injected || {};
      $('controller-stats').textContent = c.stats.requests + ' requests · injected: ' + Object.keys(inj).map(function (k) { return k + ' ' + inj[k]; }).join(', ');
    }
  }

  /** The watch's heart-rate readings over the last minute; gaps where it had none. */
  function renderHeart(s) {
    var h = s.heart;
    if (!h || !$('hr-chart')) return;
    var last = h.history.length ? h.history[h.history.length - 1] : null;
    $('hr-now').textContent = last && last[1] !== null && h.tMs - last[0] <= 10000 ? last[1] + ' bpm' : 'no reading';
    drawChart($('hr-chart'), h.history, h.tMs, null);
  }

  // ---- Bluetooth hand-pump cuff ----------------------------------------------------------
  var BLE_FAULTS = ['disconnect', 'garbage', 'kPa', 'nan', 'silent'];
  (function bleCuffControls() {
    $('ble-cuff-pump').addEventListener('click', function () { post('/api/ble-cuff', { action: 'pump' }); });
    $('ble-cuff-valve').addEventListener('click', function () {
      var open = state && state.bleCuff && state.bleCuff.valveOpen;
      post('/api/ble-cuff', { action: open ? 'close' : 'open' });
    });
    var box = $('ble-cuff-faults');
    BLE_FAULTS.forEach(function (name) {
      var b = document.createElement('button');
      b.textContent = name;
      b.setAttribute('data-ble-fault', name);
      b.addEventListener('click', function () {
        var on = state && state.bleCuff && state.bleCuff.faults[name];
        post('/api/ble-cuff', { fault: name, on: !on });
      });
      box.appendChild(b);
    });
  })();

  function renderBleCuff(s) {
    var c = s.bleCuff;
    $('ble-cuff-panel').hidden = !c;
    if (!c) return;
    $('ble-cuff-name').textContent = c.name + ' ' + c.address + (c.connected ? ' · connected' : ' · advertising');
    $('ble-cuff-gauge').textContent = Math.round(c.pressureMmHg) + ' mmHg · valve ' + (c.valveOpen ? 'open' : 'closed') + ' · ' + c.framesSent + ' frames sent';
    $('ble-cuff-valve').textContent = c.valveOpen ? 'Close release valve' : 'Open release valve';
    document.querySelectorAll('#ble-cuff-faults button').forEach(function (b) {
      b.classList.toggle('on', !!c.faults[b.getAttribute('data-ble-fault')]);
    });
  }

  function render(s) {
    state = s;
    renderHeart(s);
    renderBleCuff(s);
    $('clock').textContent = 'simulated ' + new Date(s.simMs).toLocaleTimeString() + ' · x' + s.speed + ' · up ' + fmtClock(s.wallMs);
    renderWatch(s);
    renderPhone(s);
    renderController(s);
    document.body.setAttribute('data-watch-url', s.watch.url || '');
  }

  // ---- live updates --------------------------------------------------------------------
  var es = null;
  var pollTimer = null;
  function setLive(on) { var c = $('conn'); c.textContent = on ? 'live' : 'offline'; c.classList.toggle('live', on); }
  function poll() {
    fetch('/api/state').then(function (r) { return r.json(); }).then(function (s) { setLive(true); render(s); }, function () { setLive(false); });
  }
  function connect() {
    if (!window.EventSource) { pollTimer = setInterval(poll, 300); return; }
    es = new EventSource('/api/events');
    es.onmessage = function (m) { setLive(true); try { render(JSON.parse(m.data)); } catch (e) { /* a partial frame */ } };
    es.onerror = function () { setLive(false); };
  }

  // ---- actions -------------------------------------------------------------------------
  $('watch').addEventListener('wheel', function (ev) {
    if (!scroll.max) return;
    ev.preventDefault();
    scrollBy((ev.deltaMode === 1 ? 40 : 1) * ev.deltaY * svgScale());
  }, { passive: false });
  // A finger (or mouse) dragging the page: past a few px it is a scroll, not a tap.
  $('watch').addEventListener('pointerdown', function (ev) {
    scroll.dragging = { startY: ev.clientY, lastY: ev.clientY, moved: false };
    scroll.suppressClick = false;
  });
  window.addEventListener('pointermove', function (ev) {
    var d = scroll.dragging;
    if (!d) return;
    if (!d.moved && Math.abs(ev.clientY - d.startY) > 6) d.moved = true;
    if (d.moved) { scrollBy((d.lastY - ev.clientY) * svgScale()); d.lastY = ev.clientY; }
  });
  window.addEventListener('pointerup', function () {
    var d = scroll.dragging;
    scroll.dragging = null;
    if (d && d.moved) scroll.suppressClick = true;
  });
  $('watch').addEventListener('click', function (ev) {
    if (scroll.suppressClick) { scroll.suppressClick = false; return; }
    var g = ev.target && ev.target.closest ? ev.target.closest('g.wbtn') : null;
    if (!g) return;
    $('watch-error').textContent = '';
    post('/api/tap', { id: Number(g.getAttribute('data-id')) }).then(poll);
  });
  $('watch').addEventListener('keydown', function (ev) {
    var g = ev.target && ev.target.closest ? ev.target.closest('g.wbtn') : null;
    if (g && (ev.key === 'Enter')) { ev.preventDefault(); post('/api/tap', { id: Number(g.getAttribute('data-id')) }).then(poll); }
  });
  $('swipe-back').addEventListener('click', function () { post('/api/swipe-back', {}).then(poll); });
  $('back-key').addEventListener('click', function () { post('/api/key', { key: 'back' }).then(poll); });
  $('relaunch').addEventListener('click', function () { post('/api/relaunch', {}).then(poll); });
  document.querySelectorAll('[data-shape]').forEach(function (b) {
    b.addEventListener('click', function () {
      $('watch-error').textContent = '';
      b.disabled = true;
      post('/api/shape', { shape: b.getAttribute('data-shape') }).then(function () { b.disabled = false; poll(); });
    });
  });
  // The watch's language: the system restarts with the watch reading that catalog.
  document.querySelectorAll('[data-lang]').forEach(function (b) {
    b.addEventListener('click', function () {
      $('watch-error').textContent = '';
      b.disabled = true;
      post('/api/lang', { lang: b.getAttribute('data-lang') }).then(function () { b.disabled = false; poll(); });
    });
  });
  document.querySelectorAll('[data-motion]').forEach(function (b) {
    b.addEventListener('click', function () { post('/api/motion', { mode: b.getAttribute('data-motion') }).then(poll); });
  });
  $('rep').addEventListener('click', function () { post('/api/rep', {}); });
  document.addEventListener('keydown', function (ev) {
    var t = ev.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
    if (ev.code === 'Space' && !(t && t.tagName === 'BUTTON')) { ev.preventDefault(); post('/api/rep', {}); }
    else if (ev.key === 'Backspace') { ev.preventDefault(); post('/api/swipe-back', {}).then(poll); }
  });

  buildFaultButtons();
  poll();
  connect();
})();
