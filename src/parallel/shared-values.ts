/**
 * Which `shared` value a worker already holds. An open pool sends a sweep's shared value (the
 * lecture's Dnm, Gnm and fixed arguments) to a worker only when it differs from the last one
 * sent: compared by content (typed arrays byte for byte), because a sweep rebuilt from the same
 * workload has equal matrices in new arrays. The last value is kept as a copy, so changing an
 * array in place between two sweeps counts as a change.
 */
export class SharedValues {
  private last: unknown;
  private generation = -1;

  /** The generation of `value`: the previous one if equal in content, else a new one. */
  generationOf(value: unknown): number {
    if (this.generation >= 0 && sameContent(value, this.last)) return this.generation;
    this.last = structuredClone(value);
    return ++this.generation;
  }
}

/** Equal in content: primitives by Object.is, typed arrays byte for byte, arrays and plain objects member by member. */
export function sameContent(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return false;
    const bytes = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    return bytes(a).equals(bytes(b));
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      sameContent((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
