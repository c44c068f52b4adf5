/**
 * Lists of facts as the fold makes them: immutable, and each new version of a list usually the previous one with a
 * fact or a few appended (`insert` in case-file.ts copies the list, never its facts). What is worked out from one
 * version (a summary of each fact, an index by id) can then be carried to the next by looking at the appended facts
 * only, so an event into a case with 10,000 inquiries costs what it costs in a case with ten. Plain caches, keyed by
 * the lists' and facts' identity: the answers are those of a scan, only cheaper.
 */

/** The latest list seen ending with each fact. */
const endingWith = new WeakMap<object, readonly object[]>();

/** Notes `list` as one a later version may extend (see `extendedFrom`). */
export function noteList(list: readonly object[]): void {
  if (list.length > 0) endingWith.set(list[list.length - 1], list);
}

/**
 * A list noted before that `list` extends: the same facts in the same order, then more. Undefined when there is none
 * (a correction took a fact out, or put one in the middle): the caller works it out afresh.
 */
export function extendedFrom<T extends object>(list: readonly T[]): readonly T[] | undefined {
  for (let k = 1; k < list.length; k++) {
    const before = endingWith.get(list[list.length - 1 - k]) as readonly T[] | undefined;
    if (!before) continue;
    if (before.length !== list.length - k) return undefined;
    for (let i = 0; i < before.length; i++) if (before[i] !== list[i]) return undefined;
    return before;
  }
  return undefined;
}

/** The key inquiries and their outcomes are found by. */
export const inquiryIdOf = (fact: { inquiryId: string }): string => fact.inquiryId;

interface Entry<T> {
  at: number;
  fact: T;
}
type Index<T> = Map<string, Array<Entry<T>>>;

/** Per list, per key function, the positions of its facts by key: shared by the versions that extend it. */
const indexes = new WeakMap<readonly object[], Map<(fact: never) => string, Index<object>>>();

/**
 * The facts of `list` whose key is `key`, in list order: what `list.filter((f) => keyOf(f) === key)` gives. An index
 * is shared by a list and the versions that extend it, each adding its appended facts; an entry counts for a list
 * only if the list holds that fact at that position, and when any does not (another version of the list added it)
 * the list is scanned instead.
 */
export function factsWith<T extends object>(list: readonly T[], keyOf: (fact: T) => string, key: string): T[] {
  const entries = indexOf(list, keyOf).get(key);
  if (!entries) return [];
  const found: T[] = [];
  for (const { at, fact } of entries) {
    if (at >= list.length || list[at] !== fact) return list.filter((f) => keyOf(f) === key);
    found.push(fact);
  }
  return found;
}

function indexOf<T extends object>(list: readonly T[], keyOf: (fact: T) => string): Index<T> {
  const byKeyOf = indexes.get(list) ?? new Map<(fact: never) => string, Index<object>>();
  const known = byKeyOf.get(keyOf) as Index<T> | undefined;
  if (known) return known;
  const before = extendedFrom(list);
  const shared = before && (indexes.get(before)?.get(keyOf) as Index<T> | undefined);
  const index = shared ?? new Map<string, Array<Entry<T>>>();
  for (let at = shared ? before!.length : 0; at < list.length; at++) {
    const key = keyOf(list[at]);
    const entries = index.get(key);
    // Another version with the same facts (a copy) may have added this one already.
    if (!entries) index.set(key, [{ at, fact: list[at] }]);
    else if (!entries.some((e) => e.at === at && e.fact === list[at])) entries.push({ at, fact: list[at] });
  }
  byKeyOf.set(keyOf, index as Index<object>);
  indexes.set(list, byKeyOf);
  noteList(list);
  return index;
}
