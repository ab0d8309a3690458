// MT19937 as numpy's legacy RandomState runs it (init_genrand seeding, standard tempering).
const N = 624;
const M = 397;

export class MT19937 {
  private readonly key = new Uint32Array(N);
  private pos = N;

  constructor(seed: number) {
    this.seed(seed);
  }

  seed(seed: number): void {
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      this.key[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
    this.pos = N;
  }

  // Three loops rather than indices mod N: this runs once per 624 outputs, but dropout draws millions.
  private twist(): void {
    const k = this.key;
    let i = 0;
    for (; i < N - M; i++) k[i] = k[i + M]! ^ mix(k[i]!, k[i + 1]!);
    for (; i < N - 1; i++) k[i] = k[i + M - N]! ^ mix(k[i]!, k[i + 1]!);
    k[N - 1] = k[M - 1]! ^ mix(k[N - 1]!, k[0]!);
    this.pos = 0;
  }

  nextUint32(): number {
    if (this.pos >= N) this.twist();
    return temper(this.key[this.pos++]!) >>> 0;
  }

  /** The next out.length outputs, as nextUint32 would give them one by one, without the per-call overhead. */
  fillUint32(out: Uint32Array): void {
    const k = this.key;
    let o = 0;
    while (o < out.length) {
      if (this.pos >= N) this.twist();
      const take = Math.min(N - this.pos, out.length - o);
      for (let i = 0; i < take; i++) out[o + i] = temper(k[this.pos + i]!);
      this.pos += take;
      o += take;
    }
  }
}

/** The upper bit of a, the lower 31 of b, shifted and twisted; int32 arithmetic throughout. */
function mix(a: number, b: number): number {
  const y = (a & 0x80000000) | (b & 0x7fffffff);
  return (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
}

/** Tempering, as an int32 (stores into a Uint32Array take it mod 2**32). */
function temper(x: number): number {
  let y = x;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y;
}
