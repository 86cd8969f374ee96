// Health questions, round: the question large in the middle, Yes / No side by side below.
import { px } from '@zos/utils';

export const layout = {
  progress: { x: px(140), y: px(40), w: px(200), h: px(40) },
  question: { x: px(50), y: px(90), w: px(380), h: px(200) },
  yes: { x: px(70), y: px(310), w: px(160), h: px(80) },
  no: { x: px(250), y: px(310), w: px(160), h: px(80) },
  result: { x: px(50), y: px(80), w: px(380), h: px(240) },
  done: { x: px(130), y: px(340), w: px(220), h: px(80) },
};
export type ScreeningLayout = typeof layout;
