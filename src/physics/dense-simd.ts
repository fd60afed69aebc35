/**
 * The dense right-hand side's four matrix-vector products (`Gnm @ sx`, `Gnm @ sy`, `Dnm @ sx`,
 * `Dnm @ sy`) in WebAssembly SIMD: two doubles per instruction, as numpy's BLAS does with the
 * lecture's `Gnm @ sx`: about 5x faster than the JavaScript loop at nz = 100 (docs/benchmarks.md,
 * "The dense right-hand side").
 *
 * The module is one function, assembled below from its instructions (no build step, no binary
 * file): `products(NP, G, D, X, Y, OUT)` with byte offsets into its own memory. NP is N rounded up
 * to even; the matrices are stored NP x NP, zero-padded, so every row splits into pairs of columns.
 * Each sum keeps two partial sums (even and odd columns) added at the end: the values differ from
 * the one-row loop's in the last bits only (within 1e-15 of the largest term, test/physics/rhs).
 */

// LEB128 integers and vectors, the WebAssembly binary format's building blocks
function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}
function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (text: string): number[] => vec(Array.from(text, (c) => [c.charCodeAt(0)]));

// the instructions used (opcodes from the WebAssembly core and SIMD specifications)
const get = (local: number) => [0x20, ...uleb(local)];
const set = (local: number) => [0x21, ...uleb(local)];
const i32 = (value: number) => [0x41, ...sleb(value)];
const i32Add = [0x6a];
const i32Mul = [0x6c];
const i32Shl = [0x74];
const i32GeU = [0x4f];
const f64Add = [0xa0];
const f64Store = [0x39, 0x03, 0x00]; // align 2^3, offset 0
const v128Load = [0xfd, 0x00, 0x03, 0x00]; // align 2^3: rows start on 8-byte boundaries
const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const f64x2Add = [0xfd, 0xf0, 0x01];
const f64x2Mul = [0xfd, 0xf2, 0x01];
const f64x2Lane = (lane: number) => [0xfd, 0x21, lane];
const loopStart = [0x02, 0x40, 0x03, 0x40]; // block { loop {
const loopExitIf = [0x0d, 0x01]; // br_if to the block's end
const loopAgain = [0x0c, 0x00, 0x0b, 0x0b]; // br to the loop's start } }

// locals: the six parameters, then i32 counters and row pointers, then the v128 sums and operands
const [NP, G, D, X, Y, OUT, n, m, rowBytes, g0, d0, g1, d1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const sum = (k: number) => 13 + k; // k = 0..3 row n (Gx, Gy, Dx, Dy), 4..7 row n + 1
const [xs, ys, gs, ds] = [21, 22, 23, 24];

/** sum[k] += matrix pair * vector pair */
const multiplyAdd = (k: number, matrix: number, vector: number) => [
  ...[...get(sum(k)), ...get(matrix), ...get(vector)],
  ...[...f64x2Mul, ...f64x2Add, ...set(sum(k))],
];
/** two doubles at pointer + m */
const loadPair = (pointer: number, into: number) => [...get(pointer), ...get(m), ...i32Add, ...v128Load, ...set(into)];
/** OUT[product * NP + row] = the two partial sums of sum[k], added */
const storeSum = (k: number, product: number, row: number) => [
  ...[...get(OUT), ...i32(product), ...get(NP), ...i32Mul, ...get(row), ...i32Add, ...i32(3), ...i32Shl, ...i32Add],
  ...[...get(sum(k)), ...f64x2Lane(0), ...get(sum(k)), ...f64x2Lane(1), ...f64Add, ...f64Store],
];
const pointer = (base: number, rows: number[]) => [...get(base), ...rows, ...i32Add];

/** The function body: for each pair of rows, one pass over the columns in pairs feeds 8 sums. */
function productsBody(): number[] {
  const rowStart = [...get(n), ...get(rowBytes), ...i32Mul];
  const columns = [
    ...[...loopStart, ...get(m), ...get(rowBytes), ...i32GeU, ...loopExitIf],
    ...[...loadPair(X, xs), ...loadPair(Y, ys), ...loadPair(g0, gs), ...loadPair(d0, ds)],
    ...[...multiplyAdd(0, gs, xs), ...multiplyAdd(1, gs, ys), ...multiplyAdd(2, ds, xs), ...multiplyAdd(3, ds, ys)],
    ...[...loadPair(g1, gs), ...loadPair(d1, ds)],
    ...[...multiplyAdd(4, gs, xs), ...multiplyAdd(5, gs, ys), ...multiplyAdd(6, ds, xs), ...multiplyAdd(7, ds, ys)],
    ...[...get(m), ...i32(16), ...i32Add, ...set(m), ...loopAgain],
  ];
  const rows = [
    ...[...loopStart, ...get(n), ...get(NP), ...i32GeU, ...loopExitIf],
    ...[...pointer(G, rowStart), ...set(g0), ...pointer(D, rowStart), ...set(d0)],
    ...[...get(g0), ...get(rowBytes), ...i32Add, ...set(g1), ...get(d0), ...get(rowBytes), ...i32Add, ...set(d1)],
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((k) => [...v128Zero, ...set(sum(k))]),
    ...[...i32(0), ...set(m), ...columns],
    ...[0, 1, 2, 3].flatMap((k) => storeSum(k, k, n)),
    ...[...get(n), ...i32(1), ...i32Add, ...set(m)], // m, free after the columns, holds n + 1
    ...[4, 5, 6, 7].flatMap((k) => storeSum(k, k - 4, m)),
    ...[...get(n), ...i32(2), ...i32Add, ...set(n), ...loopAgain],
  ];
  const locals = vec([
    [7, 0x7f],
    [12, 0x7b],
  ]);
  return [...locals, ...get(NP), ...i32(3), ...i32Shl, ...set(rowBytes), ...i32(0), ...set(n), ...rows, 0x0b];
}

/** The module: one type, one function, one memory (grown on demand), both exported. */
function moduleBytes(): Uint8Array {
  const body = productsBody();
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec([[0x7f], [0x7f], [0x7f], [0x7f], [0x7f], [0x7f]]), 0x00]])),
    ...section(3, vec([[0x00]])),
    ...section(5, vec([[0x00, 0x01]])),
    ...section(
      7,
      vec([
        [...name("memory"), 0x02, 0x00],
        [...name("products"), 0x00, 0x00],
      ]),
    ),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

/** Largest matrices copied into WebAssembly memory (16 NP^2 bytes, nz up to 2048); above, the JS loop. */
export const maxSimdMatrixBytes = 2 ** 26;

interface Engine {
  memory: WebAssembly.Memory;
  products: (np: number, g: number, d: number, x: number, y: number, out: number) => void;
  /** The matrices now in memory (the RHS that copied them last). */
  owner: object | undefined;
}
let engine: Engine | null | undefined;

/** One instance per thread, made on first use; null where this runtime has no WebAssembly SIMD. */
function getEngine(): Engine | null {
  if (engine !== undefined) return engine;
  try {
    const bytes = moduleBytes();
    if (typeof WebAssembly !== "object" || !WebAssembly.validate(bytes)) return (engine = null);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    engine = {
      memory: exports.memory as WebAssembly.Memory,
      products: exports.products as Engine["products"],
      owner: undefined,
    };
  } catch {
    engine = null;
  }
  return engine;
}

/**
 * The four products for N atoms with these matrices, or null where SIMD is missing or the
 * matrices are too large: `products(y)` reads sx and sy from the state y and returns one
 * Float64Array view holding Gx (at 0), Gy (at NP), Dx (at 2 NP) and Dy (at 3 NP).
 * Solves in one thread share one instance: a function copies its matrices in again whenever
 * another one ran in between (a sweep's solves run one after another, so they copy once per job).
 */
export function simdProducts(
  N: number,
  Dnm: Float64Array,
  Gnm: Float64Array,
): { np: number; products: (y: Float64Array) => Float64Array } | null {
  const np = N + (N % 2);
  if (16 * np * np > maxSimdMatrixBytes) return null;
  const e = getEngine();
  if (e === null) return null;
  const [gAt, dAt, xAt] = [0, np * np, 2 * np * np]; // in doubles
  const [yAt, outAt, end] = [xAt + np, xAt + 2 * np, xAt + 6 * np];
  const token = {};
  const load = (): Float64Array => {
    const missing = 8 * end - e.memory.buffer.byteLength;
    if (missing > 0) e.memory.grow(Math.ceil(missing / 65536));
    const mem = new Float64Array(e.memory.buffer);
    mem.fill(0, 0, end);
    for (let row = 0; row < N; row++) {
      mem.set(Gnm.subarray(row * N, row * N + N), gAt + row * np);
      mem.set(Dnm.subarray(row * N, row * N + N), dAt + row * np);
    }
    e.owner = token;
    return mem;
  };
  let mem = load();
  let view = mem.subarray(outAt, outAt + 4 * np);
  return {
    np,
    products: (y) => {
      if (e.owner !== token || mem.buffer !== e.memory.buffer) {
        mem = load();
        view = mem.subarray(outAt, outAt + 4 * np);
      }
      for (let i = 0; i < N; i++) {
        mem[xAt + i] = y[i];
        mem[yAt + i] = y[N + i];
      }
      e.products(np, 8 * gAt, 8 * dAt, 8 * xAt, 8 * yAt, 8 * outAt);
      return view;
    },
  };
}
