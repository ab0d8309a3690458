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

  private twist(): void {
    const k = this.key;
    for (let i = 0; i < N; i++) {
      const y = (k[i]! & 0x80000000) | (k[(i + 1) % N]! & 0x7fffffff);
      k[i] = k[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.pos = 0;
  }

  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.key[this.pos++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}
