/** Where variants lie on the genome, as .bim and VCF lines give it: read once, kept small. */
import { ownString } from './lines';

/** A .bim or VCF position as a number: NaN when it is 0 (PLINK's "unknown"), negative or not a whole number. */
export function basePairPosition(text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  return n > 0 && Number.isSafeInteger(n) ? n : NaN;
}

/** The chromosomes and positions of a file's variants, filled line by line. */
export interface LociCollector {
  add(chromosome: string, position: string): void;
  chromosomes: string[];
  positions: number[];
}

/** A collector that keeps one string per distinct chromosome name, not one per variant line. */
export function createLociCollector(): LociCollector {
  const names = new Map<string, string>();
  const chromosomes: string[] = [];
  const positions: number[] = [];
  return {
    chromosomes,
    positions,
    add(chromosome: string, position: string): void {
      let name = names.get(chromosome);
      if (name === undefined) {
        name = ownString(chromosome);
        names.set(name, name);
      }
      chromosomes.push(name);
      positions.push(basePairPosition(position));
    },
  };
}
