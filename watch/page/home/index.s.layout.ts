// Home, square 390x450: same parts, full width.
import { px } from '@zos/utils';
import type { HomeLayout } from './index.r.layout';

export const layout: HomeLayout = {
  title: { x: px(20), y: px(16), w: px(350), h: px(50) },
  status: { x: px(20), y: px(62), w: px(350), h: px(36) },
  quick: { x: px(20), y: px(104), w: px(350), h: px(80) },
  list: { x: px(20), y: px(196), w: px(350), rowH: px(70), gap: px(10) },
  bottomPad: px(30),
};
