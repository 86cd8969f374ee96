// Pre-session check, square 390x450.
import { px } from '@zos/utils';
import type { PrecheckLayout } from './index.r.layout';

export const layout: PrecheckLayout = {
  title: { x: px(20), y: px(14), w: px(350), h: px(50) },
  line1: { x: px(20), y: px(68), w: px(350), h: px(44) },
  line2: { x: px(20), y: px(114), w: px(350), h: px(44) },
  line3: { x: px(20), y: px(160), w: px(350), h: px(44) },
  advice: { x: px(20), y: px(206), w: px(350), h: px(70) },
  action: { x: px(20), y: px(282), w: px(350), h: px(68) },
  start: { x: px(20), y: px(360), w: px(350), h: px(76) },
};
