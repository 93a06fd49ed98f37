/**
 * Lower case, accents folded, every run of punctuation a single space: "Pérez-Ruíz, J." →
 * "perez ruiz j". How names, places and routes compare.
 */
export function plainWords(text: string): string {
  // Most text is ASCII: no accents to fold, and a narrower (faster) class of what is not a letter or digit.
  if (ASCII.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const ASCII = /^[\x20-\x7e]*$/;

/**
 * A person's name: "Pérez, Juan" is "juan perez" (surname first, after one comma, is how records
 * and lists write names). Null when nothing is left.
 */
export function nameWords(text: string): string | null {
  const parts = text.split(',');
  const ordered =
    parts.length === 2 && plainWords(parts[0] ?? '') && plainWords(parts[1] ?? '') ? `${parts[1]} ${parts[0]}` : text;
  return plainWords(ordered) || null;
}

/**
 * Address and road words as their long form, in English and Spanish, so "123 Main St." is
 * "123 main street" and "Carr. Federal 2" is "carretera federal 2". Avenue and avenida are one
 * word: "Av. Juárez" and "Juárez Ave" are often the same street written by two agencies.
 */
const LONG_FORMS: Record<string, string> = {
  st: 'street',
  str: 'street',
  ave: 'avenue',
  av: 'avenue',
  avda: 'avenue',
  avenida: 'avenue',
  rd: 'road',
  hwy: 'highway',
  hiway: 'highway',
  blvd: 'boulevard',
  bvd: 'boulevard',
  blvr: 'boulevard',
  dr: 'drive',
  ln: 'lane',
  ct: 'court',
  pl: 'place',
  sq: 'square',
  pkwy: 'parkway',
  fwy: 'freeway',
  expy: 'expressway',
  ter: 'terrace',
  cir: 'circle',
  trl: 'trail',
  mt: 'mount',
  ft: 'fort',
  apt: 'apartment',
  ste: 'suite',
  bldg: 'building',
  n: 'north',
  s: 'south',
  e: 'east',
  w: 'west',
  ne: 'northeast',
  nw: 'northwest',
  se: 'southeast',
  sw: 'southwest',
  carr: 'carretera',
  ctra: 'carretera',
  calz: 'calzada',
  col: 'colonia',
  fracc: 'fraccionamiento',
  prol: 'prolongacion',
  km: 'kilometro',
  int: 'interior',
  ext: 'exterior',
  edif: 'edificio',
  sta: 'santa',
  sto: 'santo',
};

/**
 * A place or a route: plain words with the long forms above. A leading "St" is "saint"
 * ("St. Louis"), elsewhere it is "street"; "I-35" is "interstate 35".
 */
export function placeWords(text: string): string | null {
  const words = plainWords(text)
    .split(' ')
    .filter((w) => w !== '');
  const long = words.map((w, i) => {
    if (w === 'st' && i === 0 && words.length > 1) return 'saint';
    if (w === 'i' && /^\d+$/.test(words[i + 1] ?? '')) return 'interstate';
    return LONG_FORMS[w] ?? w;
  });
  return long.join(' ') || null;
}
