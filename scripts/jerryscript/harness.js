// ES5 stand-in for the Fitbit device runtime, run inside JerryScript before the device bundle
// (the exact app/index.js from the .fba). It defines what the watch's firmware provides and
// the engine does not: `require` for the device modules (accelerometer, haptics, display,
// appbit, document, messaging, fs, file-transfer, cbor, user-settings, i18n), `exports`, `console`, timers, and
// Promise (documented on the watch: SDK lib "es2015.promise"; JerryScript's es5.1 profile has
// none). Nothing else the engine lacks is added: a bundle that needs Map, Set, Symbol,
// Object.entries... fails here as it would on the watch.
//
// Time is virtual (Date.now and the timers), so a 12-minute session runs in seconds; the
// phone is a stand-in too: it answers cuff commands, relays pressure once a second while a
// cuff is up, receives the outbox files and acknowledges them. The app's files are kept by
// native-store.c, outside the JS heap, as the watch keeps them in flash. scenario.js drives it
// all through one more global, __harness__.
//
// Every error thrown by the app in a callback (timer, sensor batch, message, tap, promise
// handler) goes up to the engine unchanged and ends the run with the engine's message.
(function (global) {
  'use strict';

  var realNow = Date.now;
  var clock = 1700000000000;
  Date.now = function () { return clock; };

  function fail(message) {
    throw new Error('harness: ' + message);
  }

  // --- Promise (the only built-in the harness supplies) ---------------------------------------
  var jobs = [];
  var unhandled = [];

  function Promise(executor) {
    if (!(this instanceof Promise)) throw new TypeError('Promise must be called with new');
    this._state = 0; // 0 pending, 1 fulfilled, 2 rejected
    this._value = undefined;
    this._handlers = [];
    this._handled = false;
    var self = this;
    var done = false;
    try {
      executor(function (v) { if (!done) { done = true; resolveWith(self, v); } },
        function (e) { if (!done) { done = true; settle(self, 2, e); } });
    } catch (e) {
      if (!done) { done = true; settle(self, 2, e); }
    }
  }

  function settle(p, state, value) {
    if (p._state !== 0) return;
    p._state = state;
    p._value = value;
    if (state === 2 && !p._handled) unhandled.push(p);
    for (var i = 0; i < p._handlers.length; i++) schedule(p, p._handlers[i]);
    p._handlers = null;
  }

  function resolveWith(p, v) {
    if (v === p) return settle(p, 2, new TypeError('a promise resolved with itself'));
    if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
      var then;
      try { then = v.then; } catch (e) { return settle(p, 2, e); }
      if (typeof then === 'function') {
        var called = false;
        try {
          then.call(v, function (w) { if (!called) { called = true; resolveWith(p, w); } },
            function (e) { if (!called) { called = true; settle(p, 2, e); } });
        } catch (e) {
          if (!called) { called = true; settle(p, 2, e); }
        }
        return;
      }
    }
    settle(p, 1, v);
  }

  function schedule(p, h) {
    jobs.push(function () {
      var fn = p._state === 1 ? h.onFulfilled : h.onRejected;
      if (typeof fn !== 'function') return p._state === 1 ? resolveWith(h.next, p._value) : settle(h.next, 2, p._value);
      var out;
      try { out = fn(p._value); } catch (e) { return settle(h.next, 2, e); }
      resolveWith(h.next, out);
    });
  }

  Promise.prototype.then = function (onFulfilled, onRejected) {
    var next = new Promise(function () {});
    var h = { onFulfilled: onFulfilled, onRejected: onRejected, next: next };
    this._handled = true;
    if (this._state === 0) this._handlers.push(h);
    else schedule(this, h);
    return next;
  };
  Promise.prototype['catch'] = function (onRejected) { return this.then(undefined, onRejected); };
  Promise.resolve = function (v) {
    if (v instanceof Promise) return v;
    return new Promise(function (res) { res(v); });
  };
  Promise.reject = function (e) { return new Promise(function (res, rej) { rej(e); }); };
  Promise.all = function (list) {
    return new Promise(function (res, rej) {
      var out = [];
      var left = list.length;
      if (!left) return res(out);
      for (var i = 0; i < list.length; i++) {
        (function (i) {
          Promise.resolve(list[i]).then(function (v) { out[i] = v; if (--left === 0) res(out); }, rej);
        })(i);
      }
    });
  };
  global.Promise = Promise;

  /** Runs promise jobs until none is left; an unhandled rejection then fails the run. */
  function drain() {
    while (jobs.length) jobs.shift()();
    for (var i = 0; i < unhandled.length; i++) {
      if (!unhandled[i]._handled) {
        var e = unhandled[i]._value;
        unhandled = [];
        throw e instanceof Error ? e : new Error('unhandled promise rejection: ' + e);
      }
    }
    unhandled = [];
  }

  // --- timers on the virtual clock ------------------------------------------------------------
  // On the watch timers are the firmware's. Here they live in fixed slots made when the harness
  // loads, in its own share of the heap: a list of timer objects that grew and shrank with every
  // setTimeout (the app sets one per event) would be made and moved through the app's share.
  // Due times are ms since the clock's start, small integers (no heap value of their own).
  var START = clock;
  var TIMER_SLOTS = 64;
  function slots(value) {
    var a = [];
    for (var i = 0; i < TIMER_SLOTS; i++) a.push(value);
    return a;
  }
  var timerId = slots(0); // 0: free
  var timerAt = slots(0);
  var timerMs = slots(0);
  var timerEvery = slots(false);
  var timerFn = slots(null);
  var nextTimerId = 1;

  function addTimer(fn, ms, every) {
    if (typeof fn !== 'function') fail('timer callback is not a function');
    ms = Math.max(0, Math.round(Number(ms) || 0));
    for (var i = 0; i < TIMER_SLOTS; i++) {
      if (timerId[i] !== 0) continue;
      timerId[i] = nextTimerId++;
      timerAt[i] = clock - START + ms;
      timerMs[i] = ms;
      timerEvery[i] = every;
      timerFn[i] = fn;
      return timerId[i];
    }
    fail('more than ' + TIMER_SLOTS + ' timers at once');
  }

  function clearTimer(id) {
    for (var i = 0; i < TIMER_SLOTS; i++) {
      if (timerId[i] === id && id !== 0) {
        timerId[i] = 0;
        timerFn[i] = null;
        return;
      }
    }
  }

  /** Moves the clock to `to`, running every timer due on the way, each followed by its jobs. */
  function runUntil(to) {
    var until = to - START;
    for (;;) {
      var next = -1;
      for (var i = 0; i < TIMER_SLOTS; i++) {
        if (timerId[i] === 0 || timerAt[i] > until) continue;
        if (next < 0 || timerAt[i] < timerAt[next] || (timerAt[i] === timerAt[next] && timerId[i] < timerId[next])) next = i;
      }
      if (next < 0) break;
      if (timerAt[next] > clock - START) clock = START + timerAt[next];
      var fn = timerFn[next];
      if (timerEvery[next]) timerAt[next] += timerMs[next];
      else {
        timerId[next] = 0;
        timerFn[next] = null;
      }
      fn();
      drain();
    }
    if (to > clock) clock = to;
  }

  function pendingTimers() {
    var n = 0;
    for (var i = 0; i < TIMER_SLOTS; i++) if (timerId[i] !== 0) n++;
    return n;
  }

  global.setTimeout = function (fn, ms) { return addTimer(fn, ms, false); };
  global.setInterval = function (fn, ms) { return addTimer(fn, Math.max(1, Number(ms) || 0), true); };
  global.clearTimeout = clearTimer;
  global.clearInterval = clearTimer;

  // --- console --------------------------------------------------------------------------------
  var logs = [];
  function logger(level) {
    return function () {
      var parts = [];
      for (var i = 0; i < arguments.length; i++) parts.push(typeof arguments[i] === 'string' ? arguments[i] : JSON.stringify(arguments[i]));
      logs.push(level + ' ' + parts.join(' '));
      print('[app ' + level + '] ' + parts.join(' '));
    };
  }
  global.console = { log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error') };

  /** addEventListener / removeEventListener / on<name>, shared by every event target. */
  function Emitter() {}
  Emitter.prototype.addEventListener = function (name, fn) {
    var on = this._on || (this._on = {});
    (on[name] = on[name] || []).push(fn);
  };
  Emitter.prototype.removeEventListener = function (name, fn) {
    var list = (this._on && this._on[name]) || [];
    for (var i = 0; i < list.length; i++) if (list[i] === fn) { list.splice(i, 1); return; }
  };
  Emitter.prototype._emit = function (name, event) {
    var handler = this['on' + name];
    if (typeof handler === 'function') handler.call(this, event);
    var list = ((this._on && this._on[name]) || []).slice();
    for (var i = 0; i < list.length; i++) list[i].call(this, event);
  };
  function emitter(fields) {
    var o = new Emitter();
    for (var k in fields) if (fields.hasOwnProperty(k)) o[k] = fields[k];
    return o;
  }

  // --- accelerometer --------------------------------------------------------------------------
  var G = 9.81;
  var motion = function () { return [0, 0, G]; };
  /** motion(tMs, sample) may fill this and return it instead of making an array per sample. */
  var sample = [0, 0, 0];
  // Batches delivered, over all accelerometers. The harness keeps no sensor object: one the app
  // has dropped is garbage on the watch, and a list of them here would keep each one's last
  // batch and listeners (and through them the app's finished session) in the app's share.
  var accelerometerBatches = 0;

  /** Batched readings in m/s^2; x / y / z / timestamp are plain arrays (no typed arrays here). */
  function Accelerometer(options) {
    options = options || {};
    this.frequency = options.frequency || 10;
    this.batch = Math.max(1, options.batch || 1);
    this.activated = false;
    this.readings = null;
    this.x = this.y = this.z = this.timestamp = null;
    this.onreading = null;
    this._timer = null;
    this._startedAt = 0;
  }
  Accelerometer.prototype = new Emitter();
  Accelerometer.prototype.constructor = Accelerometer;
  Accelerometer.prototype.start = function () {
    if (this.activated) return;
    var self = this;
    var periodMs = 1000 / this.frequency;
    this.activated = true;
    this._startedAt = clock;
    this._timer = addTimer(function () { self._deliver(periodMs); }, periodMs * this.batch, true);
  };
  Accelerometer.prototype.stop = function () {
    if (this._timer !== null) clearTimer(this._timer);
    this._timer = null;
    this.activated = false;
  };
  Accelerometer.prototype._deliver = function (periodMs) {
    var n = this.batch;
    var r = { x: [], y: [], z: [], timestamp: [] };
    var end = clock - this._startedAt;
    for (var i = 0; i < n; i++) {
      var t = Math.round(end - (n - 1 - i) * periodMs);
      var v = motion(t + this._startedAt, sample);
      r.x.push(v[0]); r.y.push(v[1]); r.z.push(v[2]); r.timestamp.push(t);
    }
    this.readings = r;
    this.x = r.x[n - 1]; this.y = r.y[n - 1]; this.z = r.z[n - 1]; this.timestamp = r.timestamp[n - 1];
    accelerometerBatches++;
    this._emit('reading', { type: 'reading' });
  };

  // --- heart rate: 1 Hz readings of a steady 90 bpm (so the record's heart-rate samples are in
  // the heap the scenario measures), timestamps in ms since start -------------------------------
  function HeartRateSensor(options) {
    this.frequency = (options && options.frequency) || 1;
    this.activated = false;
    this.heartRate = this.timestamp = null;
    this.onreading = null;
    this._timer = null;
    this._startedAt = 0;
  }
  HeartRateSensor.prototype = new Emitter();
  HeartRateSensor.prototype.constructor = HeartRateSensor;
  HeartRateSensor.prototype.start = function () {
    if (this.activated) return;
    var self = this;
    this.activated = true;
    this._startedAt = clock;
    this._timer = addTimer(function () {
      self.heartRate = 90;
      self.timestamp = clock - self._startedAt;
      self._emit('reading', { type: 'reading' });
    }, 1000 / this.frequency, true);
  };
  HeartRateSensor.prototype.stop = Accelerometer.prototype.stop;

  // --- haptics, display, appbit ---------------------------------------------------------------
  // Every vibration, as two flat lists (time since the harness clock's start, pattern), the first
  // `count` entries of each. Both are made at full size when the harness loads, inside its own
  // share of the heap: lists that grew with the run would need ever larger blocks out of the
  // app's share (a grown array moves to one contiguous block), which the watch never has to find
  // for the firmware's log; in a heap full of the app's small objects that alone cost ~6 KB of
  // the smallest heap the scenario ran in.
  var T0 = clock;
  var VIBRATIONS_KEPT = 512;
  var vibrations = { at: new Array(VIBRATIONS_KEPT), pattern: new Array(VIBRATIONS_KEPT), count: 0 };
  for (var vk = 0; vk < VIBRATIONS_KEPT; vk++) { vibrations.at[vk] = 0; vibrations.pattern[vk] = ''; }
  var vibration = {
    start: function (pattern) {
      if (vibrations.count === VIBRATIONS_KEPT) fail('more than ' + VIBRATIONS_KEPT + ' vibrations: raise VIBRATIONS_KEPT in harness.js');
      vibrations.at[vibrations.count] = clock - T0;
      vibrations.pattern[vibrations.count++] = pattern;
      return true;
    },
    stop: function () {},
  };

  var displayLog = [];
  var autoOff = true;
  var display = emitter({ on: true, poke: function () {} });
  Object.defineProperty(display, 'autoOff', {
    get: function () { return autoOff; },
    set: function (v) { autoOff = !!v; displayLog.push({ atMs: clock, autoOff: autoOff }); },
    enumerable: true,
  });
  var me = { appTimeoutEnabled: true, exited: false, exit: function () { me.exited = true; } };

  // --- document: the elements of the real resources/index.view (view.js) --------------------
  // __VIEW__ rows: [id, parent row, display, text, sweep angle, fill]. The element state lives in
  // these rows; an element object is a thin handle made on first lookup (text, sweepAngle and
  // style.display / style.fill are accessors onto its row), so the harness adds little to what
  // the app's own references cost.
  var rows = global.__VIEW__ || fail('view.js (the index.view elements) was not loaded');
  var made = new Array(rows.length); // at full size now, for the same reason as the vibration log
  var rowOf = {};
  for (var vi = 0; vi < rows.length; vi++) if (rows[vi][0]) rowOf[rows[vi][0]] = vi;
  function field(index) {
    return {
      get: function () { return rows[this._row][index]; },
      set: function (v) { rows[this._row][index] = v; },
      enumerable: true,
    };
  }
  function Style(row) { this._row = row; }
  Object.defineProperty(Style.prototype, 'display', field(2));
  Object.defineProperty(Style.prototype, 'fill', field(5));
  function Element(row) { this._row = row; this.onclick = null; }
  Element.prototype = new Emitter();
  Object.defineProperty(Element.prototype, 'id', { get: function () { return rows[this._row][0]; } });
  Object.defineProperty(Element.prototype, 'text', field(3));
  Object.defineProperty(Element.prototype, 'sweepAngle', field(4));
  Object.defineProperty(Element.prototype, 'style', {
    get: function () { return this._style || (this._style = new Style(this._row)); },
  });
  function elementAt(i) {
    return made[i] || (made[i] = new Element(i));
  }
  var documentModule = emitter({
    getElementById: function (id) { return rowOf.hasOwnProperty(id) ? elementAt(rowOf[id]) : null; },
  });

  function element(id) {
    return rowOf.hasOwnProperty(id) ? elementAt(rowOf[id]) : fail('index.view has no #' + id);
  }
  function visible(id) {
    for (var i = rowOf[id]; i >= 0; i = rows[i][1]) if (rows[i][2] === 'none') return false;
    return true;
  }
  /** A tap on a button's `-hit` rect (or the element); false when it is hidden. */
  function tap(id) {
    var target = rowOf.hasOwnProperty(id + '-hit') ? element(id + '-hit') : element(id);
    if (!visible(target.id)) return false;
    var event = { type: 'click', target: target };
    if (target.onclick) target.onclick(event);
    target._emit('click', event);
    drain();
    return true;
  }

  // --- cbor: only the size matters to the app (it refuses messages over MAX_MESSAGE_SIZE) ------
  function utf8Length(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : (c & 0xfc00) === 0xd800 ? (i++, 4) : 3;
    }
    return n;
  }
  function head(n) {
    return n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : n < 4294967296 ? 5 : 9;
  }
  function cborLength(v) {
    if (v === null || v === undefined || typeof v === 'boolean') return 1;
    if (typeof v === 'number') return Math.floor(v) === v && Math.abs(v) < 4294967296 ? head(Math.abs(v)) : 9;
    if (typeof v === 'string') return head(utf8Length(v)) + utf8Length(v);
    var n = 0;
    if (v instanceof Array) {
      for (var i = 0; i < v.length; i++) n += cborLength(v[i]);
      return head(v.length) + n;
    }
    var keys = 0;
    for (var k in v) {
      if (!v.hasOwnProperty(k) || v[k] === undefined) continue;
      keys++;
      n += cborLength(k) + cborLength(v[k]);
    }
    return head(keys) + n;
  }
  var cbor = {
    encode: function (v) { return { byteLength: cborLength(v) }; },
    decode: function () { fail('cbor.decode is not used by the app'); },
  };

  // --- messaging ------------------------------------------------------------------------------
  var OPEN = 0;
  var CLOSED = 1;
  var LINK_MS = 30;
  var peerSocket = emitter({ OPEN: OPEN, CLOSED: CLOSED, MAX_MESSAGE_SIZE: 1027, readyState: CLOSED, bufferedAmount: 0 });
  var sent = {};
  peerSocket.send = function (data) {
    if (peerSocket.readyState !== OPEN) throw new Error('peerSocket is not open');
    var bytes = cborLength(data);
    if (bytes > peerSocket.MAX_MESSAGE_SIZE) throw new Error('message of ' + bytes + ' bytes exceeds MAX_MESSAGE_SIZE');
    var copy = JSON.parse(JSON.stringify(data));
    sent[copy.kind] = (sent[copy.kind] || 0) + 1;
    peerSocket.bufferedAmount += bytes;
    addTimer(function () {
      peerSocket.bufferedAmount = Math.max(0, peerSocket.bufferedAmount - bytes);
      phone.receive(copy);
      peerSocket._emit('bufferedamountdecrease', { type: 'bufferedamountdecrease' });
    }, LINK_MS, false);
  };

  function setLink(up) {
    var state = up ? OPEN : CLOSED;
    if (peerSocket.readyState === state) return;
    peerSocket.readyState = state;
    peerSocket._emit(up ? 'open' : 'close', up ? { type: 'open' } : { type: 'close', code: 'CONNECTION_LOST', wasClean: false });
    drain();
    if (up) pumpFiles();
  }

  // --- fs: the app's /private/data, kept outside the JS heap (native-store.c), as in flash ---
  var DATA_DIR = '/private/data/';
  var store = typeof nativeFileWrite === 'function'
    ? {
      write: nativeFileWrite, writeJson: nativeFileWriteJson, read: nativeFileRead, readJson: nativeFileReadJson, print: nativeFilePrint,
      size: nativeFileSize, remove: nativeFileDelete, list: nativeFileList, bytes: nativeFileBytes,
    }
    : memoryStore();
  /** Without the native store (Node's vm, for debugging the harness): the same in the heap. */
  function memoryStore() {
    var files = {};
    return {
      write: function (name, text) { files[name] = text; },
      writeJson: function (name, value) { files[name] = JSON.stringify(value); },
      read: function (name) { return files.hasOwnProperty(name) ? files[name] : undefined; },
      readJson: function (name) { return files.hasOwnProperty(name) ? JSON.parse(files[name]) : undefined; },
      print: function (name, prefix) { print(prefix + files[name]); return files.hasOwnProperty(name); },
      size: function (name) { return files.hasOwnProperty(name) ? utf8Length(files[name]) : -1; },
      remove: function (name) { var had = files.hasOwnProperty(name); delete files[name]; return had; },
      list: function () { var n = []; for (var k in files) if (files.hasOwnProperty(k)) n.push(k); return n; },
      bytes: function () { var b = 0; for (var k in files) if (files.hasOwnProperty(k)) b += utf8Length(files[k]); return b; },
    };
  }
  function plain(name) { return name.indexOf(DATA_DIR) === 0 ? name.slice(DATA_DIR.length) : name; }
  function fileOf(name) {
    var text = store.read(plain(name));
    if (text === undefined) throw new Error("Couldn't find file: " + name);
    return text;
  }
  var fsModule = {
    existsSync: function (name) { return store.size(plain(name)) >= 0; },
    writeFileSync: function (name, data, encoding) {
      if (encoding === 'json' || encoding === 'cbor') store.writeJson(plain(name), data);
      else if (typeof data === 'string') store.write(plain(name), data);
      else fail('fs.writeFileSync: unsupported data for ' + name);
    },
    readFileSync: function (name, encoding) {
      if (encoding === 'json' || encoding === 'cbor') {
        var value = store.readJson(plain(name));
        if (value === undefined) throw new Error("Couldn't find file: " + name);
        return value;
      }
      var text = fileOf(name);
      if (encoding === 'utf-8' || encoding === 'ascii') return text;
      fail('fs.readFileSync: binary reads are not simulated (' + name + ')');
    },
    unlinkSync: function (name) { if (!store.remove(plain(name))) throw new Error("Couldn't find file: " + name); },
    renameSync: function (from, to) { var text = fileOf(from); store.remove(plain(from)); store.write(plain(to), text); },
    statSync: function (name) {
      var size = store.size(plain(name));
      if (size < 0) throw new Error("Couldn't find file: " + name);
      return { size: size };
    },
    listDirSync: function () {
      var names = store.list();
      var i = 0;
      return { next: function () { return i < names.length ? { done: false, value: names[i++] } : { done: true, value: undefined }; } };
    },
  };

  // --- file-transfer: the outbox to the phone -------------------------------------------------
  var fileQueue = [];
  var sending = false;
  var outbox = {
    enqueueFile: function (path, name) {
      if (store.size(plain(path)) < 0) return Promise.reject(new Error("Couldn't find file: " + path));
      var transfer = emitter({ name: name || plain(path), readyState: 'pending' });
      fileQueue.push({ transfer: transfer, path: path });
      pumpFiles();
      return Promise.resolve(transfer);
    },
  };
  /** One file at a time at ~2 KB/s while the link is up; the phone stores it, then acks. */
  function pumpFiles() {
    if (sending || !fileQueue.length || peerSocket.readyState !== OPEN) return;
    var next = fileQueue.shift();
    sending = true;
    next.transfer.readyState = 'transferring';
    addTimer(function () {
      sending = false;
      if (peerSocket.readyState !== OPEN) {
        next.transfer.readyState = 'pending';
        fileQueue.unshift(next);
        return;
      }
      next.transfer.readyState = 'transferred';
      next.transfer._emit('change', { type: 'change' });
      phone.receiveFile(next.transfer.name, plain(next.path));
      pumpFiles();
    }, LINK_MS + Math.ceil(store.size(plain(next.path)) / 2), false);
  }

  // --- the phone: companion, controller and cuffs, reduced to what the watch sees ---------------
  var phone = {
    received: [],
    files: [],
    acked: 0,
    cuffs: {},
    seq: 0,
    relayTimer: null,
    /** LOP per cuff, as the settings page measured it. */
    lop: {},
    send: function (message) {
      if (peerSocket.readyState !== OPEN) fail('phone.send while the link is down');
      addTimer(function () { peerSocket._emit('message', { type: 'message', data: message }); }, LINK_MS, false);
    },
    receive: function (m) {
      phone.received.push({ atMs: clock, kind: m.kind, command: m.command ? m.command.type : null });
      if (m.kind === 'cuffCommand') phone.command(m);
    },
    command: function (m) {
      var c = m.command;
      var result = { v: 1, kind: 'cuffCommandResult', id: m.id, ok: true };
      if (c.type === 'inflate') {
        var lop = phone.lop[c.cuffId];
        if (!lop) {
          result.ok = false;
          result.error = { code: 'refused', message: 'no LOP for ' + c.cuffId };
        } else {
          result.targetMmHg = Math.round((lop * c.percentLop) / 100);
          phone.cuff(c.cuffId).target = result.targetMmHg;
        }
      } else if (c.type === 'deflate') {
        phone.cuff(c.cuffId).target = 0;
      } else if (c.type === 'deflateAll') {
        for (var id in phone.cuffs) if (phone.cuffs.hasOwnProperty(id)) phone.cuffs[id].target = 0;
      }
      phone.send(result);
      if (phone.relayTimer === null) phone.relayTimer = addTimer(phone.relay, 1000, true);
    },
    cuff: function (id) {
      return phone.cuffs[id] || (phone.cuffs[id] = { mmHg: 0, target: 0 });
    },
    /** Once a second per cuff while any cuff holds air: the controller's reading, relayed. */
    relay: function () {
      var any = false;
      for (var id in phone.cuffs) {
        if (!phone.cuffs.hasOwnProperty(id)) continue;
        var c = phone.cuffs[id];
        var before = c.mmHg;
        c.mmHg = c.target > c.mmHg ? Math.min(c.target, c.mmHg + 40) : Math.max(c.target, c.mmHg - 60);
        var state = c.target > 0 ? (c.mmHg >= c.target ? 'holding' : 'inflating') : c.mmHg > 0 ? 'deflating' : 'idle';
        if (before === 0 && c.mmHg === 0 && c.target === 0) continue;
        any = true;
        phone.seq++;
        phone.send({
          v: 1, kind: 'pressure', cuffId: id, mmHg: Math.max(0, c.mmHg + (phone.seq % 3) - 1),
          targetMmHg: c.target > 0 ? c.target : null, state: state, seq: phone.seq, controllerTimeMs: 5000 + phone.seq * 500,
        });
      }
      if (!any) { clearTimer(phone.relayTimer); phone.relayTimer = null; }
    },
    /**
     * Stores it and acks it by the record id in its name (session-<id>-<n>.json). The content
     * goes to stdout (@@RECORD), where Node checks it with the real schema.
     */
    receiveFile: function (name, file) {
      var id = /^session-(.+)-\d+\.json$/.exec(name);
      if (!id) fail('outbox file name ' + name + ' is not session-<id>-<n>.json');
      var bytes = store.size(file);
      if (!store.print(file, '@@RECORD ')) fail('outbox file ' + file + ' is gone');
      phone.files.push({ name: name, bytes: bytes, id: id[1] });
      phone.acked++;
      phone.send({ v: 1, kind: 'sessionAck', id: id[1], stored: true });
    },
  };

  // --- i18n: gettext over the firmware's string tables ----------------------------------------
  // The SDK compiles app/i18n/<lang>.po into binary tables (l/<lang> in the .fba; format of
  // @fitbit/bison-i18n: a count, then per message its 30-bit Fletcher-32 hash of the UTF-8 msgid,
  // offset and length, then the NUL-terminated UTF-8 texts). run.js hands the ones this watch
  // needs over as __LANG__ ({ locale, defaultLanguage, tables: { lang: bytes as a string } }),
  // held in the harness's share: on the watch they are in flash. Lookup as documented (Fitbit
  // Device API reference, "I18n API", gettext()): the user's locale, else the app's locale of
  // the same language, then the default language, and finally the message id itself. Every
  // text found is a new string in the JS heap, as the firmware's would be.
  var lang = typeof __LANG__ === 'object' ? __LANG__ : { locale: 'en-US', defaultLanguage: 'en-US', tables: {} };
  function u16(b, o) { return b.charCodeAt(o) | (b.charCodeAt(o + 1) << 8); }
  function u32(b, o) { return (u16(b, o) + u16(b, o + 2) * 65536); }
  /** The UTF-8 bytes of text as a string of char codes 0-255 (an ASCII text is its own). */
  function utf8(text) {
    var out = null;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c < 0x80) { if (out !== null) out += text.charAt(i); continue; }
      if (out === null) out = text.slice(0, i);
      if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
      else out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)); // msgids have no surrogates
    }
    return out === null ? text : out;
  }
  /** fbpubfletcher32(UTF-8 of msgid) & 0x3fffffff, as @fitbit/bison-i18n hashes a msgid; an ASCII id allocates nothing. */
  function msgHash(msgid) {
    var d = utf8(msgid);
    var sum1 = 0xffff;
    var sum2 = 0xffff;
    var words = d.length >>> 1;
    var at = d.length & 1;
    if (at) sum1 += d.charCodeAt(0);
    while (words) {
      var n = Math.min(words, 358);
      words -= n;
      for (; n; n--, at += 2) { sum1 += (d.charCodeAt(at) << 8) | d.charCodeAt(at + 1); sum2 += sum1; }
      sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
      sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
    return (((sum2 << 16) | sum1) >>> 0) & 0x3fffffff;
  }
  function lookup(b, hash) {
    var count = u16(b, 0);
    var lo = 0;
    var hi = count - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      var id = u32(b, 4 + 8 * mid);
      if (id === hash) {
        var at = 4 + 8 * count + 2 + u16(b, 4 + 8 * mid + 4);
        var end = at;
        var ascii = true;
        for (; b.charCodeAt(end) !== 0; end++) if (b.charCodeAt(end) >= 0x80) ascii = false;
        if (ascii) return b.substring(at, end);
        var out = '';
        for (var c = b.charCodeAt(at); c !== 0; c = b.charCodeAt(at)) {
          if (c < 0x80) { out += String.fromCharCode(c); at += 1; }
          else if (c < 0xe0) { out += String.fromCharCode(((c & 31) << 6) | (b.charCodeAt(at + 1) & 63)); at += 2; }
          else { out += String.fromCharCode(((c & 15) << 12) | ((b.charCodeAt(at + 1) & 63) << 6) | (b.charCodeAt(at + 2) & 63)); at += 3; }
        }
        return out;
      }
      if (id < hash) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }
  var langOrder = [];
  (function () {
    var want = lang.locale;
    if (!lang.tables.hasOwnProperty(want)) {
      want = null;
      for (var k in lang.tables) if (lang.tables.hasOwnProperty(k) && k.slice(0, 2) === lang.locale.slice(0, 2).toLowerCase()) { want = k; break; }
    }
    if (want) langOrder.push(lang.tables[want]);
    if (want !== lang.defaultLanguage && lang.tables.hasOwnProperty(lang.defaultLanguage)) langOrder.push(lang.tables[lang.defaultLanguage]);
  })();
  var i18n = {
    gettext: function (msgid) {
      var id = String(msgid);
      var hash = msgHash(id);
      for (var i = 0; i < langOrder.length; i++) {
        var text = lookup(langOrder[i], hash);
        if (text !== null) return text;
      }
      return id;
    },
  };

  // --- require / exports ----------------------------------------------------------------------
  var modules = {
    accelerometer: { Accelerometer: Accelerometer },
    'heart-rate': { HeartRateSensor: HeartRateSensor },
    haptics: { vibration: vibration },
    display: { display: display },
    appbit: { me: me },
    document: { __esModule: true, 'default': documentModule }, // SDK 6 reads it as an ES module's default
    messaging: { peerSocket: peerSocket },
    fs: fsModule,
    'file-transfer': { outbox: outbox },
    cbor: cbor,
    // user-settings: the watch's language (locale.language), the one __LANG__ names.
    'user-settings': { locale: { language: lang.locale } },
    i18n: i18n,
  };
  var required = [];
  global.require = function (name) {
    if (!modules.hasOwnProperty(name)) fail('the app asked for module "' + name + '", which the harness does not stand in for');
    required.push(name);
    return modules[name];
  };
  global.exports = {};

  global.__harness__ = {
    realNow: realNow,
    startedAt: realNow(),
    now: function () { return clock; },
    T0: T0,
    advance: function (ms) { runUntil(clock + ms); },
    /** Advances in steps until done() or the time is up; returns whether done() held. */
    advanceUntil: function (ms, done, stepMs) {
      var end = clock + ms;
      while (clock < end) {
        runUntil(Math.min(end, clock + (stepMs || 250)));
        if (done()) return true;
      }
      return done();
    },
    drain: drain,
    setLink: setLink,
    setMotion: function (fn) { motion = fn; },
    G: G,
    element: element,
    visible: visible,
    tap: tap,
    text: function (id) { return element(id).text; },
    vibrations: vibrations,
    displayLog: displayLog,
    display: display,
    me: me,
    accelerometerBatches: function () { return accelerometerBatches; },
    sent: sent,
    phone: phone,
    fileBytes: function () { return store.bytes(); },
    /** Bytes in use in the JS heap after a full collection (-1 without the native side). */
    heapLive: function () { return typeof nativeHeapLive === 'function' ? nativeHeapLive() : -1; },
    logs: logs,
    required: required,
    gettext: i18n.gettext,
    pendingTimers: pendingTimers,
  };
})(this);
