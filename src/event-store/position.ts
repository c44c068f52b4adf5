import type { Position } from './event-store.port';

export const positionOf = (n: bigint | number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** `commit/prepare`, decimal: lossless for 64-bit positions, fit for headers, files and JSON. */
export const formatPosition = (p: Position): string => `${p.commit}/${p.prepare}`;

export function parsePosition(text: string): Position {
  const match = /^(\d{1,20})\/(\d{1,20})$/.exec(text);
  if (!match) throw new Error(`not a position: ${text}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
