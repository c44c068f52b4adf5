import { AnswerCache } from './answer-cache';

describe('AnswerCache', () => {
  it('evicts the least recently used, not the oldest', () => {
    const cache = new AnswerCache<string>(2, 1000);
    cache.set('a', 'A', 1);
    cache.set('b', 'B', 1);
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', 1);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
  });

  it('keeps the total size within its bytes, counting what an entry grew by', () => {
    const cache = new AnswerCache<string>(100, 10);
    cache.set('a', 'A', 4);
    cache.set('b', 'B', 4);
    expect(cache.bytes).toBe(8);
    cache.get('a'); // asked again, and compressed for that client:
    cache.grew('a', 'A', 3); // 11 bytes, over budget; b is the least recently used
    expect([cache.get('a'), cache.get('b'), cache.bytes]).toEqual(['A', undefined, 7]);
    cache.set('c', 'C', 5);
    expect([cache.get('a'), cache.get('c'), cache.bytes, cache.size]).toEqual([undefined, 'C', 5, 1]);
  });

  it('sends, but does not keep, one answer larger than the whole budget', () => {
    const cache = new AnswerCache<string>(100, 10);
    cache.set('small', 'S', 2);
    cache.set('huge', 'H', 11);
    expect([cache.get('huge'), cache.get('small'), cache.bytes]).toEqual([undefined, 'S', 2]);
  });

  it('ignores growth reported for an entry replaced meanwhile', () => {
    const cache = new AnswerCache<string>(100, 100);
    cache.set('a', 'old', 5);
    cache.set('a', 'new', 5);
    cache.grew('a', 'old', 50);
    expect(cache.bytes).toBe(5);
  });
});
