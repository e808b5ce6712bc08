/**
 * The one seeded generator of the forest engine. Each tree owns a generator seeded by
 * deriveSeed(randomState, treeIndex), so a tree's bootstrap and feature draws depend only on
 * (randomState, treeIndex): the same seed gives the same forest whatever the number of workers.
 */

/** Mix a 32-bit value (murmur3 finaliser) so nearby seeds give unrelated streams. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Seed of tree `treeIndex` of a forest seeded with `randomState`, independent of which worker grows it. */
export function deriveSeed(randomState: number, treeIndex: number): number {
  const lo = randomState >>> 0;
  const hi = Math.floor(randomState / 4294967296) >>> 0;
  return mix32(
    mix32(lo ^ 0x9e3779b9) ^ mix32(hi + 0x7f4a7c15) ^ mix32(Math.imul(treeIndex + 1, 0x632be5ab)),
  );
}

/** Small fast generator (xoshiro128**, seeded through splitmix32) used for every random draw of a tree. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    // Kept as int32 (the same bits as the uint32 values): nextU32 stores int32 results, and a field holding
    // both kinds changes representation in V8, which deoptimised the tree loop several times per process.
    this.s0 = next() | 0;
    this.s1 = next() | 0;
    this.s2 = next() | 0;
    this.s3 = next() | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2;
    const s3 = this.s3;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    const n2 = s2 ^ s0;
    const n3 = s3 ^ s1;
    this.s1 = s1 ^ n2;
    this.s0 = s0 ^ n3;
    this.s2 = n2 ^ t;
    this.s3 = rotl(n3, 11);
    return r >>> 0;
  }

  /** Writes the state to s[0..4) (the packed scan kernel draws on from it, packedKernel.ts). */
  saveState(s: Int32Array): void {
    s[0] = this.s0;
    s[1] = this.s1;
    s[2] = this.s2;
    s[3] = this.s3;
  }

  /** Takes the state from s[0..4) (where the packed scan kernel left it). */
  loadState(s: Int32Array): void {
    this.s0 = s[0];
    this.s1 = s[1];
    this.s2 = s[2];
    this.s3 = s[3];
  }

  /** A uniform float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }

  /** A uniform integer in [0, n) for n <= 2^32 (bias below 2^-32 * n, negligible here). */
  nextInt(n: number): number {
    return Math.floor((this.nextU32() / 4294967296) * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
