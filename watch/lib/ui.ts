// Small helpers over @zos/ui so pages read as "a label here, a button there". A Screen keeps
// the widgets it made so a page can swap one view for another (question after question).
import * as zosUi from '@zos/ui';
import { createWidget, widget, prop, align, text_style } from '@zos/ui';

// deleteWidget is exported by @zos/ui at API 3 but missing from the device typings.
const deleteWidget = (zosUi as unknown as { deleteWidget(w: unknown): void }).deleteWidget;

export interface Rect { x: number; y: number; w: number; h: number }
export interface TextStyle { size: number; color: number; wrap?: boolean; left?: boolean }
export interface ButtonStyle { size: number; color: number; normal: number; press: number; radius: number }

type Widget = ReturnType<typeof createWidget>;

export class Screen {
  private widgets: Widget[] = [];

  label(rect: Rect, text: string, style: TextStyle): Widget {
    const w = createWidget(widget.TEXT, {
      x: rect.x, y: rect.y, w: rect.w, h: rect.h,
      text, text_size: style.size, color: style.color,
      align_h: style.left ? align.LEFT : align.CENTER_H, align_v: align.CENTER_V,
      text_style: style.wrap ? text_style.WRAP : text_style.ELLIPSIS,
    });
    this.widgets.push(w);
    return w;
  }

  button(rect: Rect, text: string, style: ButtonStyle, onClick: () => void): Widget {
    const w = createWidget(widget.BUTTON, {
      x: rect.x, y: rect.y, w: rect.w, h: rect.h, text, text_size: style.size, color: style.color,
      normal_color: style.normal, press_color: style.press, radius: style.radius,
      click_func: () => onClick(),
    });
    this.widgets.push(w);
    return w;
  }

  /**
   * A progress ring: ARC (a mini-program widget; ARC_PROGRESS is a watch-face widget only)
   * drawn from 12 o'clock clockwise to `level` percent, in the box around its circle.
   */
  arc(opts: { cx: number; cy: number; radius: number; lineWidth: number; color: number; level: number }): Widget {
    // The docs' ARC table also lists `radius`; the typings omit it, so it goes in untyped.
    const arcOptions = {
      x: opts.cx - opts.radius, y: opts.cy - opts.radius, w: 2 * opts.radius, h: 2 * opts.radius, radius: opts.radius,
      start_angle: ARC_START, end_angle: arcEnd(opts.level), color: opts.color, line_width: opts.lineWidth,
    };
    const w = createWidget(widget.ARC, arcOptions as Omit<typeof arcOptions, 'radius'>);
    this.widgets.push(w);
    return w;
  }

  clear(): void {
    for (let i = 0; i < this.widgets.length; i++) deleteWidget(this.widgets[i]);
    this.widgets = [];
  }
}

export function setText(w: Widget | null, text: string): void {
  if (w) w.setProperty(prop.MORE, { text });
}

export function setColor(w: Widget | null, color: number): void {
  if (w) w.setProperty(prop.MORE, { color });
}

export function setVisible(w: Widget | null, visible: boolean): void {
  if (w) (w.setProperty as (p: unknown, v: unknown) => void)(prop.VISIBLE, visible);
}

const ARC_START = -90;
function arcEnd(level: number): number {
  return ARC_START + 3.6 * Math.max(0, Math.min(100, level));
}

/** Fills a ring made by Screen.arc to `level` percent. */
export function setLevel(w: Widget | null, level: number): void {
  if (w) w.setProperty(prop.MORE, { end_angle: arcEnd(level) });
}
