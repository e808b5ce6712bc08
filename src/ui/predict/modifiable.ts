/** Which fields "What would change the outlook" offers and ticks as modifiable before the user chooses. */

/** Fields people can change (lifestyle). */
const LIFESTYLE =
  /smok|alcohol|drink|bmi|weight|waist|activity|exercise|diet|sleep|physical|steps/i;
/** Fields a clinician can change (treatment): colon's rx, a drug, a dose, surgery, therapy. */
const TREATMENT =
  /(^|_)(rx|tx|arm|drug|dose|regimen)($|_)|treat|therap|medicat|surg|chemo|radiotherap|statin|intervention|adjuvant/i;
/**
 * Fields that describe the disease or the tumour (stage, grade, nodes, size, differentiation, extent, markers):
 * the patient cannot choose them, so they are offered only when the user asks for every field.
 */
const DESCRIPTOR =
  /stage|grade|(^|_)nodes?\d*($|_)|differ|extent|obstruct|perfor|adhere|tumou?r|size|histolog|receptor|her2|metasta|radius|texture|perimeter|area|smooth|compact|concav|symmetr|fractal|margin|invasi|gleason|psa|ki67|marker/i;
/** Fields that cannot change (genotypes, age, sex): never offered. */
const FIXED =
  /(^|_)(age|sex|gender)($|_)|^rs\d+|snp|genotype|allele|hla|^chr|variant|ethnic|race|family_history/i;

/** Whether a field is offered and ticked as modifiable before the user chooses: treatment or lifestyle. */
export function modifiableByDefault(name: string): boolean {
  return (
    (LIFESTYLE.test(name) || TREATMENT.test(name)) && !FIXED.test(name) && !DESCRIPTOR.test(name)
  );
}

/** Whether a field may be offered as modifiable at all: never a genotype, age or sex. */
export function canBeModifiable(name: string, isGenotype: boolean): boolean {
  return !isGenotype && !FIXED.test(name);
}

/** At most this many fields are offered (treatment and lifestyle fields first), so a wide table stays quick to draw. */
export const MAX_OFFERED_FIELDS = 60;
