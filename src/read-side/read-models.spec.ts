import type { DocumentSource } from './document-source';
import { ReadModels } from './read-models';

/** A file stand-in: ranked documents 0…n-1 (the rank is the number), counting the pages asked for. */
function rankedFile(n: number): { source: DocumentSource; pages: number[] } {
  const pages: number[] = [];
  const docs = Array.from({ length: n }, (_, i): [string, unknown, number] => [`k${i}`, { i }, i]).reverse();
  const source = {
    keptOnFile: new Set(['ranked', 'kept']),
    ranked: new Set(['ranked']),
    rankedBelow: (_projection: string, below: number, limit: number) => {
      pages.push(below);
      return docs.filter(([, , rank]) => rank < below).slice(0, limit);
    },
  } as unknown as DocumentSource;
  return { source, pages };
}

describe('ReadModels.rankedBelow', () => {
  it('reads page after page from the highest rank down, each below the last one read', () => {
    const { source, pages } = rankedFile(2500);
    const models = new ReadModels();
    models.useDocumentSource(source);
    const all = [...models.rankedBelow<{ i: number }>('ranked')!];
    expect(all.map(([, doc]) => doc.i)).toEqual(Array.from({ length: 2500 }, (_, i) => 2499 - i));
    expect(pages).toEqual([Number.MAX_SAFE_INTEGER, 1500, 500]);
  });

  it('reads no page past what its reader takes, and starts below the bound given', () => {
    const { source, pages } = rankedFile(2500);
    const models = new ReadModels();
    models.useDocumentSource(source);
    const taken: number[] = [];
    for (const [, doc] of models.rankedBelow<{ i: number }>('ranked', 2000)!) {
      taken.push(doc.i);
      if (taken.length === 3) break;
    }
    expect(taken).toEqual([1999, 1998, 1997]);
    expect(pages).toEqual([2000]);
  });

  it('has nothing to give for a projection the file does not rank', () => {
    const models = new ReadModels();
    expect(models.rankedBelow('ranked')).toBeUndefined();
    models.useDocumentSource(rankedFile(1).source);
    expect(models.rankedBelow('kept')).toBeUndefined();
  });
});
