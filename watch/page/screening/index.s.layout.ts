// Health questions, square 390x450.
import { px } from '@zos/utils';
import type { ScreeningLayout } from './index.r.layout';

export const layout: ScreeningLayout = {
  progress: { x: px(20), y: px(20), w: px(350), h: px(40) },
  question: { x: px(20), y: px(70), w: px(350), h: px(220) },
  yes: { x: px(20), y: px(330), w: px(165), h: px(90) },
  no: { x: px(205), y: px(330), w: px(165), h: px(90) },
  result: { x: px(20), y: px(40), w: px(350), h: px(270) },
  done: { x: px(60), y: px(330), w: px(270), h: px(90) },
};
