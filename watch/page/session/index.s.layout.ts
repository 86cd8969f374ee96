// Session screen, square 390x450: the same parts stacked; the progress arc sits behind the time.
import { px } from '@zos/utils';
import type { SessionLayout } from './index.r.layout';

export const layout: SessionLayout = {
  arc: { cx: px(195), cy: px(150), radius: px(120), lineWidth: px(12) },
  phase: { x: px(20), y: px(10), w: px(350), h: px(46), size: px(36) },
  time: { x: px(60), y: px(94), w: px(270), h: px(112), size: px(96) },
  set: { x: px(20), y: px(272), w: px(170), h: px(40), size: px(28) },
  count: { x: px(190), y: px(266), w: px(180), h: px(52), size: px(40) },
  instruction: { x: px(20), y: px(266), w: px(350), h: px(60), size: px(32) },
  pressure: { x: px(20), y: px(318), w: px(350), h: px(44), size: px(32) },
  notice: { x: px(20), y: px(266), w: px(350), h: px(94), size: px(26) },
  stop: { x: px(20), y: px(370), w: px(170), h: px(70) },
  pain: { x: px(200), y: px(370), w: px(170), h: px(70) },
  start: { x: px(45), y: px(360), w: px(300), h: px(80) },
  rpeTitle: { x: px(20), y: px(262), w: px(350), h: px(36), size: px(26) },
  rpe: { x: px(22), y: px(300), cellW: px(66), cellH: px(32), gap: px(2), perRow: 5 },
  confirm: { x: px(20), y: px(262), w: px(350), h: px(50), size: px(30) },
  confirmYes: { x: px(20), y: px(312), w: px(170), h: px(52) },
  confirmNo: { x: px(200), y: px(312), w: px(170), h: px(52) },
};
