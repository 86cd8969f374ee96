// History, round 480x480: newest sessions first, one line each, synced or not.
import { px } from '@zos/utils';

export const layout = {
  title: { x: px(90), y: px(30), w: px(300), h: px(50) },
  rows: { x: px(40), y: px(86), w: px(400), h: px(60), gap: px(4), max: 5 },
  empty: { x: px(60), y: px(180), w: px(360), h: px(100) },
};
export type HistoryLayout = typeof layout;
