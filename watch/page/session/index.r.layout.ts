// Session screen, round 480x480: progress arc round the edge, phase name, the big time left,
// set and count, pressure in colour, and Stop / Pain always one tap away at the bottom.
import { px } from '@zos/utils';

export const layout = {
  arc: { cx: px(240), cy: px(240), radius: px(228), lineWidth: px(14) },
  phase: { x: px(90), y: px(40), w: px(300), h: px(52), size: px(40) },
  time: { x: px(40), y: px(88), w: px(400), h: px(105), size: px(84) },
  // Current heart rate, small, under the time (nothing when unknown or stale).
  heartRate: { x: px(150), y: px(192), w: px(180), h: px(26), size: px(20) },
  set: { x: px(60), y: px(218), w: px(360), h: px(40), size: px(30) },
  count: { x: px(40), y: px(258), w: px(400), h: px(56), size: px(44) },
  instruction: { x: px(50), y: px(214), w: px(380), h: px(104), size: px(38) },
  pressure: { x: px(50), y: px(316), w: px(380), h: px(46), size: px(34) },
  // Alarms and notices: three lines at 1.25 x 27 px, so a German safety message is never cut.
  notice: { x: px(60), y: px(214), w: px(360), h: px(102), size: px(27) },
  stop: { x: px(105), y: px(370), w: px(130), h: px(62) },
  pain: { x: px(245), y: px(370), w: px(130), h: px(62) },
  start: { x: px(110), y: px(330), w: px(260), h: px(80) },
  // Effort after a set: ten buttons in two rows over the count/pressure area.
  rpeTitle: { x: px(80), y: px(214), w: px(320), h: px(40), size: px(28) },
  rpe: { x: px(70), y: px(256), cellW: px(64), cellH: px(52), gap: px(4), perRow: 5 },
  confirm: { x: px(60), y: px(214), w: px(360), h: px(90), size: px(34) },
  confirmYes: { x: px(70), y: px(306), w: px(165), h: px(62) },
  confirmNo: { x: px(245), y: px(306), w: px(165), h: px(62) },
};
export type SessionLayout = typeof layout;
