// Summary, round 480x480: headline numbers, then one row per set with - / + to correct the count.
import { px } from '@zos/utils';

export const layout = {
  title: { x: px(80), y: px(24), w: px(320), h: px(46) },
  line1: { x: px(50), y: px(70), w: px(380), h: px(36) },
  line2: { x: px(40), y: px(106), w: px(400), h: px(36) },
  rows: { x: px(50), y: px(146), w: px(380), h: px(46), gap: px(3), minusW: px(64), plusW: px(64) },
  done: { x: px(140), y: px(398), w: px(200), h: px(60) },
};
export type SummaryLayout = typeof layout;
