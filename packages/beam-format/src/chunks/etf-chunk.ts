import { decodeEtf } from '../etf/decode.js';
import type { EtfLimits } from '../etf/limits.js';
import type { Term } from '../term/values.js';

/**
 * A chunk whose data is one ETF term (Attr, CInf, Meta, Dbgi, Docs, ...), decoded on the
 * first call to `decode()` and cached. Errors carry absolute offsets and the chunk id.
 */
export class LazyEtfChunk {
  private value: Term | undefined;

  constructor(
    readonly id: string,
    readonly raw: Uint8Array,
    readonly baseOffset: number,
    private readonly limits?: Partial<EtfLimits>,
  ) {}

  get decoded(): boolean {
    return this.value !== undefined;
  }

  decode(): Term {
    if (this.value === undefined) {
      this.value = decodeEtf(this.raw, { chunk: this.id, baseOffset: this.baseOffset, limits: this.limits });
    }
    return this.value;
  }
}
