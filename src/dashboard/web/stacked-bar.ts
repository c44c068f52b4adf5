/** A small horizontal bar of parts of a whole, with the figures in its label (the colours only repeat them). */
import { svg, tooltip } from './dom.js';

export interface Part {
  label: string;
  value: number;
  /** CSS class giving the part its colour. */
  className: string;
}

export function stackedBar(parts: Part[], width = 160, height = 14): SVGSVGElement {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  const description = parts.map((p) => `${p.value} ${p.label}`).join(', ');
  const bar = svg('svg', {
    class: 'stacked',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': description,
  });
  if (total === 0) {
    bar.append(svg('rect', { class: 'stacked-empty', width, height, rx: 3 }));
    return bar;
  }
  let x = 0;
  for (const part of parts) {
    if (part.value === 0) continue;
    const w = (part.value / total) * width;
    bar.append(
      svg(
        'rect',
        { class: part.className, x, width: w, height, 'data-part': part.label },
        tooltip(`${part.value} ${part.label}`),
      ),
    );
    x += w;
  }
  return bar;
}
