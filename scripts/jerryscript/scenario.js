// ES5 driver, run inside JerryScript with harness.js and the device bundle: what a user and the
// phone do, and what the watch must do in return.
//   1. boot: the program list from index.view, nothing in progress;
//   2. the phone connects and sends the screening answers and the settings (two arm cuffs);
//   3. a wrist-only session (Quick wraps): arm curls in the accelerometer batches make reps,
//      a vibration at every phase boundary, RPE asked in the rests, the summary, the file;
//   4. a cuffed session (Resistance 30-15-15-15): inflate commands, pressure relayed from the
//      phone once a second shown on the watch, the cuffs kept up and let down at the end;
//   5. both records in the outbox, sent as files, acknowledged, marked synced.
// The files the phone receives go to stdout (@@RECORD, checked with the real zod schema in
// Node); one @@RESULT line sums up. A failed check throws, which ends the run with the engine's
// message.
//
// This file only defines __scenario__. It is loaded before the app: `reserve(bytes)` then pads
// what harness and scenario hold up to exactly `bytes` with ballast, so that an engine built
// with the app's heap + `bytes` leaves the app the watch's heap, no more: running out of memory
// anywhere means the app needed more than the watch has. `run()` is the scenario above;
// `longest()` runs the longest cuffed preset (19 minutes, two cuffs) to its end.
var __scenario__ = (function (H) {
  'use strict';
  var G = H.G;
  var STILL_XYZ = [0.05, -0.02, G];
  var STILL = function () { return STILL_XYZ; };
  var app = null;
  var base = -1;
  var maxAppLive = 0;
  var ballast = [];

  function check(ok, what) {
    if (!ok) throw new Error('scenario: ' + what);
  }
  function out(tag, value) {
    print('@@' + tag + ' ' + JSON.stringify(value));
  }
  function keys(o) {
    var k = [];
    for (var p in o) if (o.hasOwnProperty(p)) k.push(p + '=' + o[p]);
    return k.join(', ');
  }
  function count(list, fn) {
    var n = 0;
    for (var i = 0; i < list.length; i++) if (fn(list[i], i)) n++;
    return n;
  }

  /** JS heap the app holds now (after a full collection), beyond harness and scenario. */
  function appLive() {
    var live = H.heapLive();
    return live < 0 || base < 0 ? -1 : live - base;
  }
  function sampleHeap() {
    var live = appLive();
    if (live > maxAppLive) maxAppLive = live;
    return live;
  }

  /**
   * Arm curls in m/s^2 at the wrist: lower over downS, lift over upS, pause; a fixed mount.
   * On the watch the samples come from the firmware, not from JavaScript: so that making them
   * allocates nothing in the app's share of this heap (every float JerryScript computes is a new
   * heap value, and the curve takes ~20 per sample), one rep is tabulated every TABLE_MS when this
   * file loads, in the harness's share, as whole 1e-4 m/s^2 (small integers take no heap of their
   * own), and so is the noise (NOISE_N values, a prime: it does not repeat with the rep). Per
   * sample only the three values handed to the app are made. Returns motion(tMs, out).
   */
  var TABLE_MS = 20;
  var UNIT = 10000;
  var NOISE_N = 251;
  var NOISE = (function () {
    var seed = 7;
    var t = [];
    for (var i = 0; i < NOISE_N; i++) {
      seed = (seed * 16807) % 2147483647;
      t.push(Math.round((seed / 2147483647 - 0.5) * 0.1 * UNIT));
    }
    return t;
  })();
  function curls(downS, upS, pauseS) {
    var repMs = (downS + upS + pauseS) * 1000;
    var range = 0.4;
    var tiltMax = (15 * Math.PI) / 180;
    var a = 0.7, b = 1.1, c = 0.3;
    var ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b), cc = Math.cos(c), sc = Math.sin(c);
    var R = [ca * cb * cc - sa * sc, -ca * cb * sc - sa * cc, ca * sb, sa * cb * cc + ca * sc, -sa * cb * sc + ca * cc, sa * sb, -sb * cc, sb * sc, cb];
    var n = Math.round(repMs / TABLE_MS);
    var X = [], Y = [], Z = [];
    for (var i = 0; i < n; i++) {
      var u = (i * TABLE_MS) / 1000;
      var acc = 0;
      var frac = 0;
      var w;
      if (u < downS) {
        w = Math.PI / downS;
        acc = -(range / 2) * w * w * Math.cos(w * u);
        frac = (1 - Math.cos(w * u)) / 2;
      } else if (u < downS + upS) {
        w = Math.PI / upS;
        acc = (range / 2) * w * w * Math.cos(w * (u - downS));
        frac = (1 + Math.cos(w * (u - downS))) / 2;
      }
      var rot = tiltMax * frac;
      var wy = -Math.sin(rot) * (acc + G);
      var wz = Math.cos(rot) * (acc + G);
      X.push(Math.round((R[3] * wy + R[6] * wz) * UNIT));
      Y.push(Math.round((R[4] * wy + R[7] * wz) * UNIT));
      Z.push(Math.round((R[5] * wy + R[8] * wz) * UNIT));
    }
    var k = 0;
    return function (tMs, out) {
      var i = Math.round((tMs % repMs) / TABLE_MS) % n;
      var e = NOISE[k];
      k = k + 1 === NOISE_N ? 0 : k + 1;
      out[0] = (X[i] + e) / UNIT;
      out[1] = (Y[i] - e) / UNIT;
      out[2] = (Z[i] + e) / UNIT;
      return out;
    };
  }
  var CURLS_BRISK = curls(1.5, 1.5, 0.5);
  var CURLS_SLOW = curls(2, 2, 0);

  function start() {
    app = exports.app;
    check(app && typeof app.session === 'function', 'the bundle exports its app object (exports.app)');
    H.setLink(true);
    H.advance(1000);
  }

  /** The phone sends a clean screening and two measured cuffs on one limb. */
  function sendScreeningAndSettings(limb, lop) {
    var now = H.now();
    H.phone.lop = {};
    H.phone.lop[limb + '-left'] = lop;
    H.phone.lop[limb + '-right'] = lop;
    H.phone.send({
      v: 1, kind: 'screening', answeredAtMs: now - 60000,
      answers: { pregnancy: false, clotting: false, dialysisPort: false, woundOrFracture: false, limbInfection: false, sickleCell: false, severeHypertension: false, recentSurgery: false },
    });
    H.phone.send({
      v: 1, kind: 'settings', controllerAddress: 'https://192.168.1.20:8443', updatedAtMs: now, revision: 'r-1',
      cuffs: [
        { cuffId: limb + '-left', limb: limb, side: 'left', widthCm: 11, lopMmHg: lop, lopMeasuredAtMs: now - 5000 },
        { cuffId: limb + '-right', limb: limb, side: 'right', widthCm: 11, lopMmHg: lop, lopMeasuredAtMs: now - 5000 },
      ],
    });
    H.advance(1000);
    check(app.store.screening() !== null && app.store.settings() !== null, 'screening and settings stored on the watch');
  }

  /** Program name -> its row's id, from what the list shows. */
  function programRows() {
    var rows = {};
    for (var i = 0; i < 7; i++) if (H.visible('program-' + i)) rows[H.text('program-' + i + '-label')] = 'program-' + i;
    return rows;
  }

  /**
   * Runs a session from its program row to the summary, RPE 4 whenever it is asked for; the
   * app's heap is sampled every 5 s. Returns its record (read back from the store once the
   * session is over), what the screen showed and the vibrations since the tap.
   */
  function runSession(row, maxMs) {
    var started = H.now();
    var firstVibration = H.vibrations.count;
    var seen = { count: '', pressure: '', pressureShown: 0, rpe: 0 };
    var nextSample = started;
    check(H.tap(row), 'tap ' + row);
    check(H.visible('screen-session'), row + ': the session screen');
    check(H.display.autoOff === false && H.me.appTimeoutEnabled === false, row + ': display kept on, app timeout off');
    check(app.session() !== null, row + ': a session runs');
    var done = H.advanceUntil(maxMs, function () {
      if (H.now() >= nextSample) {
        sampleHeap();
        nextSample += 5000;
      }
      if (H.visible('rpe')) {
        seen.rpe++;
        check(H.tap('rpe-4'), 'tap rpe-4');
      }
      if (H.visible('count') && H.text('count')) seen.count = H.text('count');
      if (H.visible('pressure')) {
        seen.pressure = H.text('pressure');
        seen.pressureShown++;
      }
      return H.visible('screen-summary');
    }, 500);
    check(done, row + ': reached the summary within ' + maxMs / 60000 + ' min (phase "' + H.text('phase') + '")');
    check(app.session() === null, row + ': the session closed');
    check(H.display.autoOff === true && H.me.appTimeoutEnabled === true, row + ': display and app timeout back to normal');
    sampleHeap();
    var entries = app.store.index();
    var record = app.store.getRecord(entries[entries.length - 1].id);
    check(record && record.startedAtMs >= started, row + ': its record is stored');
    return { record: record, seen: seen, firstVibration: firstVibration };
  }

  /**
   * A vibration at every phase boundary: nudge-max as work starts, nudge as a rest starts
   * (confirmation when the set ended at its rep target), confirmation-max at the end; and the
   * ten-second warning before a timed phase ends.
   */
  function checkBoundaries(name, run) {
    var record = run.record;
    var at = H.vibrations.at;
    var pattern = H.vibrations.pattern;
    function near(t, want) {
      for (var i = run.firstVibration; i < H.vibrations.count; i++) if (pattern[i] === want && Math.abs(at[i] + H.T0 - t) <= 1000) return true;
      return false;
    }
    for (var i = 0; i < record.phases.length; i++) {
      var p = record.phases[i];
      if (p.actualStartMs === null) continue;
      var set = record.sets[p.setIndex];
      var want = p.kind === 'work' ? 'nudge-max' : set.target !== null && set.corrected >= set.target ? 'confirmation' : 'nudge';
      check(near(p.actualStartMs, want), name + ': ' + want + ' at the start of phase ' + i + ' (' + p.kind + ')');
    }
    check(near(record.endedAtMs, 'confirmation-max'), name + ': confirmation-max at the end');
    var pings = 0;
    for (var j = run.firstVibration; j < H.vibrations.count; j++) if (pattern[j] === 'ping') pings++;
    check(pings >= 1, name + ': the ten-second warning');
  }

  function run() {
    // 1. boot -------------------------------------------------------------------------------
    start();
    sampleHeap();
    check(H.visible('screen-programs') && !H.visible('screen-session') && !H.visible('screen-summary'), 'boot shows the program list only');
    check(app.session() === null, 'nothing in progress after a clean boot');
    var rows = programRows();
    // Rows by their en-US names (watch/i18n/en-US.po: program.quick-wrist, program.resistance-30-15-15-15).
    check(rows['Quick wraps'] && rows['Sets 30-15-15-15'], 'program rows: ' + keys(rows));

    // 2. the phone --------------------------------------------------------------------------
    sendScreeningAndSettings('arm', 180);

    // 3. wrist-only -------------------------------------------------------------------------
    H.setMotion(CURLS_BRISK);
    var wrist = runSession(rows['Quick wraps'], 8 * 60000);
    var r1 = wrist.record;
    check(r1.status === 'completed' && r1.restriction === 'wraps' && !r1.usedCuffs, 'quick wraps: completed, wraps, no cuffs');
    check(r1.sets.length === 4, 'quick wraps: 4 sets, got ' + r1.sets.length);
    for (var s = 0; s < r1.sets.length; s++) check(r1.sets[s].counted >= 10, 'quick wraps: set ' + (s + 1) + ' counted ' + r1.sets[s].counted + ' reps');
    check(/^\d+ reps$/.test(wrist.seen.count), 'quick wraps: the count on screen, got "' + wrist.seen.count + '"');
    check(wrist.seen.rpe >= 1 && r1.rpe === 4, 'quick wraps: RPE asked in the rests and recorded');
    checkBoundaries('quick wraps', wrist);
    check(H.text('summary-status') === 'Well done!', 'quick wraps: summary says Well done! (en-US sessionDone)');
    H.advanceUntil(20000, function () { return app.outbox.stats.acked >= 1; });
    check(app.outbox.stats.acked === 1, 'quick wraps: the phone acknowledged the file');
    H.advance(500);
    check(H.text('summary-sync') === 'Saved on phone', 'quick wraps: summary shows it saved, got "' + H.text('summary-sync') + '"');
    check(H.tap('btn-done') && H.visible('screen-programs'), 'done returns to the program list');
    var wristSummary = { program: r1.programId, id: r1.id, sets: r1.sets.length, reps: r1.sets.map(function (x) { return x.counted; }), phases: r1.phases.length };
    wrist = r1 = null;

    // 4. cuffed -----------------------------------------------------------------------------
    H.setMotion(CURLS_SLOW);
    var commandsBefore = H.phone.received.length;
    var cuffed = runSession(rows['Sets 30-15-15-15'], 14 * 60000);
    var r2 = cuffed.record;
    H.advance(2000); // the last commands reach the phone
    var commands = H.phone.received.slice(commandsBefore);
    var inflates = count(commands, function (m) { return m.command === 'inflate'; });
    var deflates = count(commands, function (m) { return m.command === 'deflate' || m.command === 'deflateAll'; });
    check(r2.status === 'completed' && r2.restriction === 'cuffs' && r2.usedCuffs, 'resistance: completed with cuffs, got ' + r2.status + '/' + r2.restriction);
    check(inflates === 2, 'resistance: one inflate per cuff (continuous restriction), got ' + inflates);
    check(deflates >= 1 && H.phone.cuffs['arm-left'].target === 0 && H.phone.cuffs['arm-right'].target === 0,
      'resistance: cuffs let down at the end; commands ' + JSON.stringify(commands) + ', cuffs ' + JSON.stringify(H.phone.cuffs));
    var cap = app.limits.pressureSamples;
    check(r2.pressureSamples.length >= cap / 3 && r2.pressureSamples.length <= cap && r2.sampleIntervalMs > 1000,
      'resistance: pressure samples kept and thinned to at most ' + cap + ', got ' + r2.pressureSamples.length + ' every ' + r2.sampleIntervalMs + ' ms');
    check(cuffed.seen.pressureShown > 100 && /^\d+ mmHg +\d+%$/.test(cuffed.seen.pressure), 'resistance: pressure on screen, got "' + cuffed.seen.pressure + '" ' + cuffed.seen.pressureShown + ' times');
    check(r2.alarms.length === 0, 'resistance: no alarm, got ' + JSON.stringify(r2.alarms));
    var targets = [30, 15, 15, 15];
    for (var k = 0; k < r2.sets.length; k++) check(r2.sets[k].counted >= targets[k], 'resistance: set ' + (k + 1) + ' reached ' + targets[k] + ' reps, counted ' + r2.sets[k].counted);
    check(r2.sets[0].inBandMs > 0, 'resistance: time in band recorded');
    checkBoundaries('resistance', cuffed);
    var cuffedSummary = {
      program: r2.programId, id: r2.id, sets: r2.sets.length, reps: r2.sets.map(function (x) { return x.counted; }), phases: r2.phases.length,
      pressureSamples: r2.pressureSamples.length, sampleIntervalMs: r2.sampleIntervalMs,
    };
    cuffed = r2 = null;
    H.setMotion(STILL);

    // 5. outbox -----------------------------------------------------------------------------
    H.advanceUntil(30000, function () { return app.outbox.stats.acked >= 2; });
    check(app.outbox.stats.acked === 2 && app.outbox.stats.failed === 0, 'both records acknowledged: ' + keys(app.outbox.stats));
    var index = app.store.index();
    check(index.length === 2 && count(index, function (e) { return e.synced; }) === 2, 'both records marked synced');
    check(H.phone.files.length === 2, 'the phone got two files, got ' + H.phone.files.length);
    for (var f = 0; f < H.phone.files.length; f++) check(/^session-.+\.json$/.test(H.phone.files[f].name), 'outbox file name ' + H.phone.files[f].name);
    check(H.phone.files[0].id === wristSummary.id && H.phone.files[1].id === cuffedSummary.id, 'the files are the two records');
    check(app.store.loadActive() === undefined, 'no saved session state left behind');

    // Nothing refused or failed quietly along the way.
    check(keys(app.link.stats.rejected) === '' && keys(app.link.stats.dropped) === '', 'messages refused: ' + keys(app.link.stats.rejected) + ' dropped: ' + keys(app.link.stats.dropped));
    check(keys(app.rejected) === '', 'app rejected: ' + keys(app.rejected));
    check(app.store.problems.length === 0, 'store problems: ' + JSON.stringify(app.store.problems));

    var sensorBatches = H.accelerometerBatches();
    out('RESULT', {
      virtualMinutes: Math.round((H.now() - H.T0) / 6000) / 10,
      sessions: [wristSummary, cuffedSummary],
      vibrations: H.vibrations.count,
      accelerometerBatches: sensorBatches,
      messagesFromWatch: keys(H.sent),
      messagesToWatch: app.link.stats.received,
      filesAcked: app.outbox.stats.acked,
      fileBytes: H.phone.files[0].bytes + H.phone.files[1].bytes,
      watchFileBytes: H.fileBytes(),
      maxAppLive: maxAppLive,
      modules: H.required,
    });
  }

  /**
   * Walk continuous: 19 minutes with both leg cuffs up throughout, the longest cuffed preset and
   * the most pressure samples a session makes. It must run to its end; @@LONGEST reports it.
   */
  function longest() {
    start();
    sendScreeningAndSettings('leg', 200);
    H.setMotion(STILL);
    var samples = 0;
    var interval = 0;
    var inflates = 0;
    check(H.tap(programRows()['Walk 20 min']), 'tap Walk continuous');
    var done = H.advanceUntil(21 * 60000, function () {
      var session = app.session();
      if (session) {
        samples = session.runner.state.record.pressureSamples.length;
        interval = session.runner.state.record.sampleIntervalMs;
      }
      if ((H.now() - H.T0) % 5000 === 0) sampleHeap();
      return H.visible('screen-summary');
    }, 500);
    check(done, 'walk continuous: reached the summary');
    H.advance(2000);
    for (var i = 0; i < H.phone.received.length; i++) if (H.phone.received[i].command === 'inflate') inflates++;
    check(inflates === 2 && H.phone.cuffs['leg-left'].target === 0 && H.phone.cuffs['leg-right'].target === 0, 'walk continuous: cuffs up once, down at the end');
    check(H.text('summary-status') === 'Well done!', 'walk continuous: completed');
    out('LONGEST', { virtualMinutes: Math.round((H.now() - H.T0) / 6000) / 10, pressureSamples: samples, sampleIntervalMs: interval, maxAppLive: maxAppLive });
  }

  return {
    /**
     * Call once harness and scenario are loaded, before the app: pads what they hold to
     * `bytes` (ballast strings, kept to the end). Returns what they held before.
     */
    reserve: function (bytes) {
      var held = H.heapLive();
      if (held < 0) return held; // no native side (Node): nothing to measure
      for (var live = held; bytes - live > 48; live = H.heapLive()) {
        var n = Math.min(bytes - live - 32, 4096);
        ballast.push(new Array(n + 1).join('x'));
      }
      base = H.heapLive();
      return held;
    },
    appLive: appLive,
    run: run,
    longest: longest,
  };
})(__harness__);
