/**
 * Text as search compares it: in Latin letters, lower case, without accents or punctuation, so that `mynbasov`,
 * `Mynbasov` and `Мынбасов` all find Beket Mynbasov (names from Central Asia reach researchers in Cyrillic and in Latin
 * letters). The transliteration is any-ascii's (one table for every script, kept by its authors), not a table of ours.
 */
import anyAscii from 'any-ascii';

/** The searchable form of a text: words of lower-case ASCII letters and digits, one space between them. */
export function searchText(text: string): string {
  return anyAscii(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The words of a query, each in searchable form; none for a blank one. */
export function searchWords(query: string): string[] {
  const text = searchText(query);
  return text === '' ? [] : text.split(' ');
}

/** Every word found somewhere in the key (as a part of a word: `mynb` finds Mynbasov). */
export function matchesEvery(key: string, words: readonly string[]): boolean {
  for (const word of words) if (!key.includes(word)) return false;
  return true;
}
