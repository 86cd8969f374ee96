// Summary, square 390x450.
import { px } from '@zos/utils';
import type { SummaryLayout } from './index.r.layout';

export const layout: SummaryLayout = {
  title: { x: px(20), y: px(8), w: px(350), h: px(44) },
  line1: { x: px(20), y: px(52), w: px(350), h: px(34) },
  line2: { x: px(20), y: px(86), w: px(350), h: px(34) },
  rows: { x: px(10), y: px(122), w: px(370), h: px(46), gap: px(3), minusW: px(64), plusW: px(64) },
  done: { x: px(60), y: px(370), w: px(270), h: px(70) },
};
