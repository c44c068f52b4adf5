/** The key to the timeline's colours and shapes, as a list a screen reader can read too. */
import { h, svg } from './dom.js';
import { SHAPES } from './timeline.js';

const swatch = (...children: SVGElement[]) =>
  svg(
    'svg',
    { class: 'legend-swatch', width: 24, height: 24, viewBox: '-12 -12 24 24', 'aria-hidden': 'true' },
    ...children,
  );
const bar = (className: string) => swatch(svg('rect', { class: className, x: -10, y: -5, width: 20, height: 10 }));
/** Inside a group with the marker's class, as on the timeline, so the same CSS colours it. */
const shape = (className: string, d: string, uncertain = false) =>
  swatch(svg('g', { class: className, 'data-uncertain': String(uncertain) }, svg('path', { class: 'tl-shape', d })));

/** Its own stripes: the timeline makes its patterns on demand, and may not have this one. */
const hatched = () =>
  swatch(
    svg(
      'pattern',
      { id: 'legend-hatch', patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' },
      svg('rect', { class: 'custody-imprisoned', width: 3, height: 6 }),
      svg('rect', { class: 'custody-restricted_freedom', x: 3, width: 3, height: 6 }),
    ),
    svg('rect', { x: -10, y: -5, width: 20, height: 10, fill: 'url(#legend-hatch)' }),
  );

export function timelineLegend(): HTMLElement {
  const items: Array<[SVGSVGElement, string]> = [
    [bar('custody-detained'), 'detained'],
    [bar('custody-imprisoned'), 'imprisoned'],
    [bar('custody-restricted_freedom'), 'restricted freedom'],
    [bar('custody-released'), 'released'],
    [hatched(), 'striped: the change happened on some day in this span'],
    [shape('tl-arrested', SHAPES.arrested), 'arrest'],
    [shape('tl-convicted', SHAPES.convicted), 'conviction'],
    [shape('tl-transferred', SHAPES.transferred), 'transfer to restricted freedom'],
    [shape('tl-released', SHAPES.released), 'release'],
    [shape('tl-opinion', SHAPES.opinion), 'UN opinion adopted'],
    [shape('tl-due', SHAPES.due), 'follow-up due (red when overdue)'],
    [shape('tl-arrested', SHAPES.arrested, true), 'hollow, with a bracket: date known only to within a span'],
  ];
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Timeline key' },
    items.map(([icon, text]) => h('li', {}, icon, text)),
  );
}
