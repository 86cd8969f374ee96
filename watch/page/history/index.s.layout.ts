// History, square 390x450.
import { px } from '@zos/utils';
import type { HistoryLayout } from './index.r.layout';

export const layout: HistoryLayout = {
  title: { x: px(20), y: px(10), w: px(350), h: px(50) },
  rows: { x: px(10), y: px(66), w: px(370), h: px(58), gap: px(4), max: 6 },
  empty: { x: px(20), y: px(160), w: px(350), h: px(100) },
};
