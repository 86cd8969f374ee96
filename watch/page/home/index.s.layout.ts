// Home screen, square 390x450: same parts as the round layout, placed for the square screen.
import { align, text_style } from '@zos/ui';
import { px } from '@zos/utils';
import type { HomeLayout } from './index.r.layout';

export const layout: HomeLayout = {
  title: {
    x: px(20), y: px(40), w: px(350), h: px(50),
    color: 0xffffff, text_size: px(32),
    align_h: align.CENTER_H, align_v: align.CENTER_V, text_style: text_style.NONE,
  },
  clock: {
    x: px(20), y: px(130), w: px(350), h: px(140),
    color: 0xffffff, text_size: px(100),
    align_h: align.CENTER_H, align_v: align.CENTER_V, text_style: text_style.NONE,
  },
  status: {
    x: px(20), y: px(310), w: px(350), h: px(100),
    color: 0xa0a0a0, text_size: px(28),
    align_h: align.CENTER_H, align_v: align.CENTER_V, text_style: text_style.WRAP,
  },
};
