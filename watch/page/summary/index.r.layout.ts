// Summary, round 480x480: headline numbers, then one row per set with - / + to correct the count.
import { px } from '@zos/utils';

export const layout = {
  title: { x: px(80), y: px(24), w: px(320), h: px(46) },
  line1: { x: px(50), y: px(70), w: px(380), h: px(36) },
  line2: { x: px(40), y: px(106), w: px(400), h: px(36) },
  rows: { x: px(40), y: px(148), w: px(400), h: px(54), gap: px(4), minusW: px(70), plusW: px(70) },
  done: { x: px(130), y: px(400), w: px(220), h: px(64) },
};
export type SummaryLayout = typeof layout;
