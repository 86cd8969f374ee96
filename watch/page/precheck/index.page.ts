// Pre-session check: is the controller reachable, is the limb's LOP known, is the cuff on?
// For elastic wraps: "wrap at 7/10". Measures LOP through the phone on request, with posture
// advice on failure (automatic LOP often fails standing). Health questions gate cuffs; a
// timer-only session is always possible.
import { BasePage } from '@zeppos/zml/base-page';
import { getText } from '@zos/i18n';
import { push, replace } from '@zos/router';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { PrecheckLayout } from './index.r.layout';
import { PROGRAMS, isProgramId } from '../../../shared/programs/catalog';
import { parseCuffCommandResult } from '../../../shared/protocol/cuffCommand';
import { parsePhoneStatus } from '../../../shared/protocol/phoneStatus';
import { parseSettingsSync, type CuffSettings } from '../../../shared/protocol/settings';
import { screeningAllowsSession } from '../../../shared/safety/screeningRule';
import { Screen, setText, setColor, setVisible } from '../../lib/ui';
import { BUTTON, COLOR, GO_BUTTON, TEXT } from '../../lib/theme';
import { appKv, openStore } from '../../lib/device';
import { pairedCuff } from '../../lib/pairedCuff';
import { RESUME_PARAMS, savedSessionKind } from '../../lib/activeSession';
import { ask, countRejected } from '../../lib/phone';
import { num, tf } from '../../lib/i18n';

const layout = shapeLayout as PrecheckLayout;
const screen = new Screen();
/** LOP measurement takes a few seconds on the controller; allow for the relay too. */
const LOP_TIMEOUT_MS = 25000;

type W = ReturnType<Screen['label']>;
/** The check lines: one line of a 44 px row at 22 px (German and Spanish run long). */
const LINE = { size: 22, color: TEXT.body.color, wrap: true };
const DIM_LINE = { size: 22, color: TEXT.dim.color, wrap: true };
let controllerLine: W | null = null;
let lopLine: W | null = null;
let cuffLine: W | null = null;
let advice: W | null = null;
let actionButton: W | null = null;
let statusTimer: number | null = null;
const STATUS_EVERY_MS = 3000;

function parseParams(params: unknown): { programId: string; adjustment?: unknown } {
  try {
    const p = JSON.parse(String(params || '{}'));
    if (p && typeof p.programId === 'string' && isProgramId(p.programId)) return { programId: p.programId, adjustment: p.adjustment };
  } catch (e) {
    countRejected('pageParams');
  }
  return { programId: 'quick-wrist' };
}

Page(
  BasePage({
    state: { programId: 'quick-wrist', adjustment: undefined as unknown, cuffs: [] as CuffSettings[], controllerOk: false, cuffPlaced: false, measuring: false },
    onInit(params: unknown) {
      const p = parseParams(params);
      this.state.programId = p.programId;
      this.state.adjustment = p.adjustment;
    },
    build() {
      const program = PROGRAMS[this.state.programId as keyof typeof PROGRAMS];
      const store = openStore();
      // Reopened by a wake relaunch while a session runs: carry that session on, never a new one.
      if (savedSessionKind(store) === 'active') {
        replace({ url: 'page/session/index.page', params: RESUME_PARAMS });
        return;
      }
      store.saveLastProgram(program.id);
      const settings = store.settings();
      this.state.cuffs = settings ? settings.cuffs : [];
      const screened = screeningAllowsSession(program.device === 'wraps' ? 'wraps' : 'cuffs', store.screening());

      screen.label(layout.title, getText('program.' + program.id), TEXT.title);
      if (program.device === 'wraps') {
        screen.label(layout.line1, tf('wrapsTightness', [program.tightnessPrompt || 7]), LINE);
        // Two lines in most languages: line 2 and line 3 together (wraps use no third line).
        screen.label({ ...layout.line2, h: layout.line3.y + layout.line3.h - layout.line2.y }, getText('wrapsWhere'), DIM_LINE);
      } else {
        controllerLine = screen.label(layout.line1, getText('controllerChecking'), LINE);
        lopLine = screen.label(layout.line2, '', LINE);
        // Resistance programs use this line for the tempo toggle below; the cuff hint moves to the
        // advice line. Otherwise it is the "Bluetooth cuff" button: pair (or forget) a standard
        // cuff for this limb; a paired one is used instead of the controller, no phone needed.
        const ble = pairedCuff(appKv(), program.limb);
        if (!program.tempo) {
          cuffLine = screen.button(layout.line3, ble ? getText('bleCuffUsed').replace('%s', ble.name) : getText('bleCuff'), { ...BUTTON, size: 26 }, () => replace({
            url: 'page/blecuff/index.page',
            params: JSON.stringify({ programId: this.state.programId, adjustment: this.state.adjustment, limb: program.limb }),
          }));
        }
        advice = screen.label(layout.advice, getText(program.limb === 'leg' ? 'cuffPlaceLeg' : 'cuffPlaceArm'), { size: 24, color: COLOR.outOfBand, wrap: true });
        actionButton = screen.button(layout.action, getText('measureLop'), BUTTON, () => this.measureLop());
        this.showLop();
        this.refreshPhone();
        // The controller may come up while the trainee straps the cuff on: keep checking.
        statusTimer = setInterval(() => this.refreshStatus(), STATUS_EVERY_MS) as unknown as number;
      }
      // Resistance sets buzz a light beat every 2 s (2 s up / 2 s down); some prefer silence.
      if (program.tempo) {
        const tempo = screen.button(layout.line3, '', { size: 26, color: COLOR.text, normal: COLOR.button, press: COLOR.buttonPress, radius: 20 }, () => {
          const st = openStore();
          const o = st.options();
          st.saveOptions({ ...o, tempoCue: !o.tempoCue });
          setText(tempo, getText(!o.tempoCue ? 'tempoOn' : 'tempoOff'));
        });
        setText(tempo, getText(store.options().tempoCue ? 'tempoOn' : 'tempoOff'));
      }
      if (!screened.ok) {
        screen.label(layout.advice, getText('answerHealthFirst'), { size: 24, color: COLOR.outOfBand, wrap: true });
        screen.button(layout.action, getText('healthQuestions'), BUTTON, () => push({ url: 'page/screening/index.page' }));
        screen.button(layout.start, getText('timerOnly'), GO_BUTTON, () => this.start('none'));
        return;
      }
      screen.button(layout.start, getText('start'), GO_BUTTON, () => this.start(program.device === 'wraps' ? 'wraps' : 'cuffs'));
    },
    limbCuffs(): CuffSettings[] {
      const program = PROGRAMS[this.state.programId as keyof typeof PROGRAMS];
      return this.state.cuffs.filter((c: CuffSettings) => c.limb === program.limb);
    },
    showLop() {
      const cuffs = this.limbCuffs();
      const ble = pairedCuff(appKv(), PROGRAMS[this.state.programId as keyof typeof PROGRAMS].limb);
      if (ble && typeof ble.lopMmHg === 'number') {
        // The Bluetooth cuff's LOP, entered by hand on its page.
        setText(lopLine, getText('lopKnown').replace('%d', String(Math.round(ble.lopMmHg))));
        setColor(lopLine, COLOR.inBand);
      } else if (cuffs.length === 0) setText(lopLine, getText('noCuffForLimb'));
      else if (cuffs.every((c: CuffSettings) => c.lopMmHg !== null)) {
        setText(lopLine, tf('lopKnown', [cuffs.map((c: CuffSettings) => num(c.lopMmHg as number)).join('/')]));
        setColor(lopLine, COLOR.inBand);
      } else {
        setText(lopLine, getText('lopUnknown'));
        setColor(lopLine, COLOR.outOfBand);
      }
    },
    refreshPhone() {
      ask(this, 'getSettings', {}, { attempts: 1 }).then((reply) => {
        const parsed = parseSettingsSync(reply);
        if (!parsed.ok) return countRejected('settings');
        openStore().saveSettings(parsed.value);
        this.state.cuffs = parsed.value.cuffs;
        this.showLop();
      }, () => undefined);
      this.refreshStatus();
    },
    refreshStatus() {
      ask(this, 'phoneStatus', {}, { attempts: 1 }).then(
        (reply) => {
          const parsed = parsePhoneStatus(reply);
          if (!parsed.ok) {
            countRejected('phoneStatus');
            return setText(controllerLine, getText('controllerUnknown'));
          }
          this.state.controllerOk = parsed.value.controller === 'connected';
          setText(controllerLine, getText('controller.' + parsed.value.controller));
          setColor(controllerLine, this.state.controllerOk ? COLOR.inBand : COLOR.outOfBand);
        },
        () => {
          setText(controllerLine, getText('phoneUnavailable'));
          setColor(controllerLine, COLOR.outOfBand);
        },
      );
    },
    measureLop() {
      if (this.state.measuring) return;
      const cuffs = this.limbCuffs();
      if (cuffs.length === 0) return setText(advice, getText('noCuffForLimb'));
      this.state.measuring = true;
      setText(advice, getText('lopMeasuring'));
      setColor(advice, COLOR.text);
      setVisible(actionButton, false);
      const cuff = cuffs[0];
      const id = 'lop-' + Date.now();
      // The cuff is pressurised while the controller measures: keep telling the phone we are here.
      const beat = setInterval(() => this.call({ method: 'heartbeat', params: { v: 1, atMs: Date.now(), inflated: false } }), 2000);
      ask(this, 'cuffCommand', { v: 1, kind: 'cuffCommand', id, command: { type: 'measureLop', cuffId: cuff.cuffId } }, { timeoutMs: LOP_TIMEOUT_MS, attempts: 1 }).then(
        (reply) => {
          clearInterval(beat);
          this.state.measuring = false;
          setVisible(actionButton, true);
          const parsed = parseCuffCommandResult(reply);
          if (parsed.ok && parsed.value.ok && typeof parsed.value.lopMmHg === 'number') {
            cuff.lopMmHg = parsed.value.lopMmHg;
            cuff.lopMeasuredAtMs = Date.now();
            const store = openStore();
            const settings = store.settings();
            if (settings) store.saveSettings({ ...settings, cuffs: this.state.cuffs, updatedAtMs: Date.now() });
            setText(advice, getText('lopDone'));
            setColor(advice, COLOR.inBand);
            this.showLop();
            return;
          }
          if (!parsed.ok) countRejected('cuffCommandResult');
          setText(advice, getText('lopFailed'));
          setColor(advice, COLOR.outOfBand);
          setText(actionButton, getText('retry'));
        },
        () => {
          clearInterval(beat);
          this.state.measuring = false;
          setVisible(actionButton, true);
          setText(advice, getText('lopNoReply'));
          setColor(advice, COLOR.outOfBand);
          setText(actionButton, getText('retry'));
        },
      );
    },
    start(restriction: 'cuffs' | 'wraps' | 'none') {
      if (savedSessionKind(openStore()) === 'active') {
        replace({ url: 'page/session/index.page', params: RESUME_PARAMS });
        return;
      }
      // No inflation without a measured LOP: ask for the measurement instead of starting (a
      // paired Bluetooth cuff's hand-entered LOP counts).
      const handLop = pairedCuff(appKv(), PROGRAMS[this.state.programId as keyof typeof PROGRAMS].limb);
      if (restriction === 'cuffs' && !(handLop && typeof handLop.lopMmHg === 'number') && !this.limbCuffs().some((c: CuffSettings) => c.lopMmHg !== null)) {
        setText(advice, getText('lopFirst'));
        setColor(advice, COLOR.outOfBand);
        return;
      }
      const cuffs = restriction === 'cuffs' ? this.limbCuffs().map((c: CuffSettings) => ({ cuffId: c.cuffId, lopMmHg: c.lopMmHg })) : [];
      // A paired Bluetooth cuff for this limb gives the pressure (one cuff): its LOP is the one
      // entered by hand for it, else the first the phone measured.
      const program = PROGRAMS[this.state.programId as keyof typeof PROGRAMS];
      const ble = restriction === 'cuffs' ? pairedCuff(appKv(), program.limb) : null;
      const bleCuffs = !ble ? cuffs
        : typeof ble.lopMmHg === 'number' ? [{ cuffId: program.limb, lopMmHg: ble.lopMmHg }]
          : cuffs.filter((c) => c.lopMmHg !== null).slice(0, 1);
      replace({
        url: 'page/session/index.page',
        params: JSON.stringify({
          programId: this.state.programId, adjustment: this.state.adjustment, restriction, cuffs: bleCuffs,
          cuffSource: ble ? 'ble' : 'controller', bleAddress: ble ? ble.address : null, bleName: ble ? ble.name : null,
        }),
      });
    },
    onDestroy() {
      if (statusTimer !== null) clearInterval(statusTimer);
      statusTimer = null;
      screen.clear();
      controllerLine = lopLine = cuffLine = advice = actionButton = null;
    },
  }),
);
