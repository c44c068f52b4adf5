import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) serialisation, byte for byte what the `canonicalize` package produces, in one
 * pass that builds no intermediate strings per member (canonicalize grows its output through
 * `reduce` and template strings, which is most of the cost of hashing an event). Plain JSON values
 * (null, booleans, finite numbers, strings, arrays, plain objects without `toJSON`) take the fast path;
 * anything else is handed to `canonicalize` itself, so the two can never disagree.
 * canonical-json.spec.ts checks the equality on arbitrary values.
 */
export function canonicalJson(value: unknown): string | undefined {
  return plainCanonicalJson(value) ?? canonicalize(value);
}

/**
 * The canonical form of `{ ...object without the keys in `skip` }`, without copying the object:
 * what the hash chain needs for an event's metadata less its chain fields.
 */
export function canonicalJsonWithout(
  object: { [key: string]: unknown },
  skip: ReadonlySet<string>,
): string | undefined {
  const plain = plainCanonicalJsonWithout(object, skip);
  if (plain !== undefined) return plain;
  const copy: { [key: string]: unknown } = {};
  for (const key of Object.keys(object)) if (!skip.has(key)) copy[key] = object[key];
  return canonicalize(copy);
}

/**
 * The fast path alone: the canonical form of plain JSON, undefined for anything else. Its text is
 * also what JSON.stringify writes, keys aside, so it can be stored as the value's JSON.
 */
export function plainCanonicalJson(value: unknown): string | undefined {
  const out = write(value);
  return out === FALLBACK ? undefined : out;
}

export function plainCanonicalJsonWithout(
  object: { [key: string]: unknown },
  skip: ReadonlySet<string>,
): string | undefined {
  const out = writeMembers(
    object,
    Object.keys(object).filter((key) => !skip.has(key)),
  );
  return out === FALLBACK ? undefined : out;
}

/** Marks a value the fast path does not handle; never a valid serialisation. */
const FALLBACK = '\u0000fallback';

function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : FALLBACK;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return writeArray(value);
      // Only plain objects: JSON.stringify writes a boxed primitive, a Date, a class with toJSON as
      // something else, and the store keeps this text as the event's data (chainedEventJson).
      if (!isPlainObject(value)) return FALLBACK;
      return writeMembers(value as { [key: string]: unknown }, Object.keys(value));
    default:
      // undefined, functions, symbols, bigints: canonicalize has its own rules for each.
      return FALLBACK;
  }
}

function writeArray(array: unknown[]): string {
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    const item = write(array[i]);
    if (item === FALLBACK) return FALLBACK;
    out += i === 0 ? item : `,${item}`;
  }
  return `${out}]`;
}

function writeMembers(object: { [key: string]: unknown }, keys: string[]): string {
  // Code-unit order, as Array.prototype.sort compares strings; keys often come sorted already.
  if (!isSorted(keys)) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    const text = write(member);
    if (text === FALLBACK) return FALLBACK;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    first = false;
  }
  return `${out}}`;
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (
    (prototype === Object.prototype || prototype === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}

function isSorted(keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}
