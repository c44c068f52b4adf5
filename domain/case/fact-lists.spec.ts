import { extendedFrom, factsWith, noteList } from './fact-lists';

interface Fact {
  id: string;
  n: number;
}
const idOf = (fact: Fact) => fact.id;

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe('fact lists', () => {
  it('finds a list that another extends, and none when a fact was taken out or put in the middle', () => {
    const a = { id: 'a', n: 0 };
    const b = { id: 'b', n: 1 };
    const c = { id: 'c', n: 2 };
    const first = [a, b];
    noteList(first);
    expect(extendedFrom([a, b, c])).toBe(first);
    expect(extendedFrom([a, c, b])).toBeUndefined();
    expect(extendedFrom([{ ...a }, b, c])).toBeUndefined();
    expect(extendedFrom([c])).toBeUndefined();
  });

  it('answers what a filter answers, over versions that append, branch and take facts out', () => {
    const next = random(7);
    const versions: Fact[][] = [[]];
    for (let step = 0; step < 3000; step++) {
      const from = versions[Math.floor(next() * versions.length)];
      const roll = next();
      const id = `i${Math.floor(next() * 60)}`;
      const list =
        roll < 0.75
          ? [...from, { id, n: step }]
          : roll < 0.9
            ? from.filter((f) => f.id !== id)
            : [...from.slice(0, from.length >> 1), { id, n: step }, ...from.slice(from.length >> 1)];
      versions.push(list);
      const asked = versions[Math.floor(next() * versions.length)];
      const key = `i${Math.floor(next() * 60)}`;
      expect(factsWith(asked, idOf, key)).toEqual(asked.filter((f) => f.id === key));
    }
  });
});
