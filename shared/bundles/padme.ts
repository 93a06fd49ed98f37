/**
 * Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with
 * PURBs", PETS 2019): rounds a length up so that at most O(log log L) bits of it show, with at most
 * ~12% overhead. Below `floor` everything is the same size, so small bundles all look alike.
 */
export function padmeLength(length: number, floor: number): number {
  if (length <= floor) return floor;
  const e = Math.floor(Math.log2(length));
  const s = Math.floor(Math.log2(e)) + 1;
  const step = 2 ** (e - s);
  return Math.ceil(length / step) * step;
}
