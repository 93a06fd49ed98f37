/**
 * The states whose plates the table compares: the US states, DC and the territories, and the 32
 * Mexican states. Each code is followed by its names, compared without case, accents, spaces or
 * dots. Older abbreviations ("Tex.", "Calif.") and ISO 3166-2:MX codes are left out on purpose:
 * most are three letters, and "CAL 1234" or "TAM 1234" is more often a plate written without its
 * state than a state.
 */
const US: Record<string, string[]> = {
  AL: ['Alabama'],
  AK: ['Alaska'],
  AZ: ['Arizona'],
  AR: ['Arkansas'],
  CA: ['California', 'Calif'],
  CO: ['Colorado'],
  CT: ['Connecticut'],
  DE: ['Delaware'],
  FL: ['Florida'],
  GA: ['Georgia'],
  HI: ['Hawaii'],
  ID: ['Idaho'],
  IL: ['Illinois'],
  IN: ['Indiana'],
  IA: [],
  KS: ['Kansas'],
  KY: ['Kentucky'],
  LA: ['Louisiana'],
  ME: ['Maine'],
  MD: ['Maryland'],
  MA: ['Massachusetts'],
  MI: ['Michigan'],
  MN: ['Minnesota'],
  MS: ['Mississippi'],
  MO: ['Missouri'],
  MT: ['Montana'],
  NE: ['Nebraska'],
  NV: ['Nevada'],
  NH: ['New Hampshire'],
  NJ: ['New Jersey'],
  NM: ['New Mexico', 'N Mex'],
  NY: ['New York'],
  NC: ['North Carolina'],
  ND: ['North Dakota'],
  OH: [],
  OK: ['Oklahoma'],
  OR: ['Oregon'],
  PA: ['Pennsylvania'],
  RI: ['Rhode Island'],
  SC: ['South Carolina'],
  SD: ['South Dakota'],
  TN: ['Tennessee'],
  TX: ['Texas'],
  UT: [],
  VT: ['Vermont'],
  VA: ['Virginia'],
  WA: ['Washington'],
  WV: ['West Virginia'],
  WI: ['Wisconsin'],
  WY: ['Wyoming'],
  DC: ['District of Columbia', 'Washington DC'],
  PR: ['Puerto Rico'],
  GU: [],
  VI: ['Virgin Islands', 'US Virgin Islands', 'U.S. Virgin Islands'],
  AS: ['American Samoa'],
  MP: ['Northern Mariana Islands'],
};

/** Mexico's usual abbreviations (as on plates and in reports), then names. */
const MX: Record<string, string[]> = {
  AGS: ['Aguascalientes'],
  BC: ['Baja California'],
  BCS: ['Baja California Sur'],
  CAMP: ['Campeche'],
  CHIS: ['Chiapas'],
  CHIH: ['Chihuahua'],
  CDMX: ['Ciudad de Mexico', 'Mexico City', 'DF', 'Distrito Federal'],
  COAH: ['Coahuila', 'Coahuila de Zaragoza'],
  COL: ['Colima'],
  DGO: ['Durango'],
  GTO: ['Guanajuato'],
  GRO: ['Guerrero'],
  HGO: ['Hidalgo'],
  JAL: ['Jalisco'],
  MEX: ['Estado de Mexico', 'Edo Mex', 'EDOMEX', 'State of Mexico'],
  MICH: ['Michoacan', 'Michoacan de Ocampo'],
  MOR: ['Morelos'],
  NAY: ['Nayarit'],
  NL: ['Nuevo Leon'],
  OAX: ['Oaxaca'],
  PUE: ['Puebla'],
  QRO: ['Queretaro'],
  QROO: ['Quintana Roo', 'Q Roo'],
  SLP: ['San Luis Potosi'],
  SIN: ['Sinaloa'],
  SON: ['Sonora'],
  TAB: ['Tabasco'],
  TAMPS: ['Tamaulipas'],
  TLAX: ['Tlaxcala'],
  VER: ['Veracruz', 'Veracruz de Ignacio de la Llave'],
  YUC: ['Yucatan'],
  ZAC: ['Zacatecas'],
};

/** Upper case without accents, spaces or dots: "N.L." and "Nuevo León" → "NL", "NUEVOLEON". */
export function stateSpelling(text: string): string {
  // Most text is ASCII: it has no accents to fold.
  return (ASCII.test(text) ? text : text.normalize('NFD'))
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s.]+/g, '');
}

const ASCII = /^[\x20-\x7e]*$/;

const CODES = new Map<string, string>();
for (const table of [US, MX]) {
  for (const [code, others] of Object.entries(table)) {
    CODES.set(code, code);
    for (const other of others) CODES.set(stateSpelling(other), code);
  }
}

/** The state's code for one way of writing it ("Texas", "tx", "Tamps.", "Nuevo León"), or null. */
export function stateCode(text: string): string | null {
  let code = SEEN.get(text);
  if (code === undefined) {
    code = CODES.get(stateSpelling(text)) ?? null;
    // Plates and vehicle names repeat their words ("plate", "white", "TX"): each is spelled once.
    if (SEEN.size >= 10_000) SEEN.clear();
    SEEN.set(text, code);
  }
  return code;
}

const SEEN = new Map<string, string | null>();

/** The same for text already spelled (stateSpelling): words spelled one by one and joined compare as the whole. */
export function codeOfSpelling(spelled: string): string | null {
  return CODES.get(spelled) ?? null;
}

/** How many words the longest state name has ("Veracruz de Ignacio de la Llave"): the most a plate's prefix is tried with. */
export const LONGEST_STATE_WORDS = 6;
