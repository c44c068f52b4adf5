import { pageOf, sortRows, type Order } from './paging';

interface Row {
  id: string;
  n: number;
}
const rows: Row[] = Array.from({ length: 23 }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}`, n: i % 4 }));

describe('keyset paging', () => {
  for (const descending of [false, true]) {
    it(`pages ${descending ? 'descending' : 'ascending'} to the end, ties in id order, each row once`, () => {
      const order: Order<Row> = { value: (r) => r.n, id: (r) => r.id, descending };
      const sorted = sortRows(rows, order);
      const seen: Row[] = [];
      let page = pageOf(sorted, order, 5);
      for (;;) {
        expect(page.total).toBe(23);
        seen.push(...page.items);
        if (!page.after) break;
        page = pageOf(sorted, order, 5, page.after);
      }
      expect(seen).toEqual(sorted);
      expect(sorted[0].n).toBe(descending ? 3 : 0);
      expect(sorted.filter((r) => r.n === 1).map((r) => r.id)).toEqual(['r01', 'r05', 'r09', 'r13', 'r17', 'r21']);
    });
  }

  it('continues after the last row shown even when rows before it were removed meanwhile', () => {
    const order: Order<Row> = { value: (r) => r.n, id: (r) => r.id, descending: false };
    const sorted = sortRows(rows, order);
    const first = pageOf(sorted, order, 5);
    const fewer = sorted.filter((r) => r.id !== first.items[0].id);
    expect(pageOf(fewer, order, 5, first.after!).items[0]).toBe(sorted[5]);
  });
});
