/** Which fields "What would change the outlook" ticks as modifiable before the user chooses. */

/** Fields people can change (lifestyle), ticked by default. */
const LIFESTYLE =
  /smok|alcohol|drink|bmi|weight|waist|activity|exercise|diet|sleep|physical|steps/i;
/** Fields that cannot change (genotypes, age, sex): never ticked by default. */
const FIXED =
  /(^|_)(age|sex|gender)($|_)|^rs\d+|snp|genotype|allele|hla|^chr|variant|ethnic|race|family_history/i;

/** Whether a field is ticked as modifiable before the user chooses. */
export function modifiableByDefault(name: string): boolean {
  return LIFESTYLE.test(name) && !FIXED.test(name);
}

/** Whether a field may be offered as modifiable at all: never a genotype, age or sex. */
export function canBeModifiable(name: string, isGenotype: boolean): boolean {
  return !isGenotype && !FIXED.test(name);
}

/** At most this many fields are offered (lifestyle fields first), so a wide table stays quick to draw. */
export const MAX_OFFERED_FIELDS = 60;
