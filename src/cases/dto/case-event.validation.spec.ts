import fc from 'fast-check';
import { findHostileShape } from './case-event.validation';

describe('findHostileShape: what no field of any event may hold', () => {
  it.each<[string, unknown, string | undefined]>([
    ['plain text', { data: { note: 'Released on 1 May' } }, undefined],
    ['an emoji (a whole surrogate pair)', { data: { note: 'free \ud83d\ude00' } }, undefined],
    [
      'a high surrogate at the end',
      { data: { note: 'cut \ud83d' } },
      'body.data.note: not well-formed Unicode (a lone surrogate \\ud83d at index 4)',
    ],
    [
      'a low surrogate first',
      { data: { sources: [{ title: '\ude00 and more' }] } },
      'body.data.sources.0.title: not well-formed Unicode (a lone surrogate \\ude00 at index 0)',
    ],
    [
      'two high surrogates in a row',
      { data: { name: 'a\ud83d\ud83d\ude00' } },
      'body.data.name: not well-formed Unicode (a lone surrogate \\ud83d at index 1)',
    ],
    [
      'a lone surrogate in a key',
      { data: { ['k\udc00']: 1 } },
      'a key in body.data: not well-formed Unicode (a lone surrogate \\udc00 at index 1)',
    ],
    ['a __proto__ key', JSON.parse('{"data":{"__proto__":{}}}'), 'body.data.__proto__: forbidden key'],
  ])('%s', (_what, body, found) => {
    expect(findHostileShape(body)).toBe(found);
  });

  it('refuses exactly the texts that are not well-formed, wherever they sit', () => {
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 });
    const text = units.map((codes) => String.fromCharCode(...codes));
    fc.assert(
      fc.property(text, fc.constantFrom('note', 'title'), (value, field) => {
        const found = findHostileShape({ data: { [field]: value, sources: [{ title: value }] } });
        expect(found === undefined).toBe(value.isWellFormed());
        if (found) expect(found).toMatch(new RegExp(`^body\\.data\\.${field}: not well-formed Unicode`));
      }),
      { numRuns: 2000 },
    );
  });
});
