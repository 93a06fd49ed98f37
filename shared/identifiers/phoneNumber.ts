import { parsePhoneNumberFromString as parseWith } from 'libphonenumber-js/core';
import type { CountryCode, MetadataJson, PhoneNumber } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

/**
 * libphonenumber-js's own (min) metadata, and a copy that knows only the US for +1 and Mexico for
 * +52. With the whole table, every +1 number is tested against the 25 countries of the North
 * American plan to name its country — half the parse, and of no use here: the key is E.164 either
 * way. A number with another country code is parsed with the whole table.
 */
const ALL: MetadataJson = metadata;
const NEAR: MetadataJson = {
  ...ALL,
  country_calling_codes: { '1': ['US'], '52': ['MX'] },
  countries: { US: ALL.countries['US']!, MX: ALL.countries['MX']! },
};

function parsePhoneNumberFromString(text: string, country?: CountryCode): PhoneNumber | undefined {
  const near = country ? parseWith(text, country, NEAR) : parseWith(text, NEAR);
  if (near) return near;
  return country ? parseWith(text, country, ALL) : parseWith(text, ALL);
}

/**
 * A phone number as the table reads it, however it was written, or null when the text is not a
 * possible number. Parsing is libphonenumber-js's; what is decided here is only which country a
 * number written without one belongs to. The rule, in order:
 *
 * 1. An international form says it: "+…", "011 …" (the US exit code) or "00 …" (Mexico's) is
 *    parsed as written.
 * 2. Mexico's old national prefixes, still written by people and on records from before the
 *    2019–2020 dialing reform: "044"/"045" + 10 digits (mobile) and "01" + 10 digits (long
 *    distance) are Mexican numbers; no US number starts that way (a US trunk prefix is "1").
 * 3. The grouping 2-4-4 — "(55) 1234-5678", "55 1234 5678" — is how Mexico City, Guadalajara and
 *    Monterrey numbers are written and never how a US number is (its area code has 3 digits), so
 *    it is Mexican although the same ten digits would be a possible US number.
 * 4. Otherwise US first (the table sits in the US, and a 3-3-4 number is written the same way on
 *    both sides of the border, so the US reading is the likelier one), then Mexico.
 *
 * Possible, not valid: a number is taken when its length fits the country (`isPossible`), so the
 * fictional 555-01xx numbers of training material and sample data compare as well as real ones.
 *
 * Mexico dropped the mobile "1" after +52 in 2019: "+52 1 55 1234 5678" is "+52 55 1234 5678".
 */
export function parsePhone(text: string): PhoneNumber | null {
  // Full-width digits and brackets ("９５６-５５５-０１９８") are the same number: only ASCII digits count below.
  const trimmed = text.normalize('NFKC').trim();
  if (trimmed === '' || trimmed.length > 200) return null;
  const digits = onlyDigits(trimmed);
  if (digits.length < 7 || digits.length > 17) return null;
  if (trimmed.startsWith('+')) return possible(parsePhoneNumberFromString(trimmed));
  if (digits.startsWith('011')) return possible(parseIn(trimmed, 'US'));
  // A US or Mexican number without its country has ten digits at least ("555-0198" is not one).
  if (digits.length < 10) return null;
  if (digits.startsWith('00')) return possible(parseIn(trimmed, 'MX'));
  if (digits.length === 13 && (digits.startsWith('044') || digits.startsWith('045'))) {
    return possible(parsePhoneNumberFromString(`+52${digits.slice(3)}`));
  }
  if (digits.length === 12 && digits.startsWith('01')) {
    return possible(parsePhoneNumberFromString(`+52${digits.slice(2)}`));
  }
  if (digitGroups(trimmed).join('-') === '2-4-4') return possible(parseIn(trimmed, 'MX'));
  return possible(parseIn(trimmed, 'US')) ?? possible(parseIn(trimmed, 'MX'));
}

function parseIn(text: string, country: CountryCode): PhoneNumber | undefined {
  return parsePhoneNumberFromString(text, country);
}

/** The number if it is possible, after folding Mexico's abolished mobile "1". */
function possible(n: PhoneNumber | undefined): PhoneNumber | null {
  if (!n) return null;
  if (n.countryCallingCode === '52' && n.nationalNumber.length === 11 && n.nationalNumber.startsWith('1')) {
    return possible(parsePhoneNumberFromString(`+52${n.nationalNumber.slice(1)}`));
  }
  return n.isPossible() ? n : null;
}

function onlyDigits(text: string): string {
  let out = '';
  for (const ch of text) if (ch >= '0' && ch <= '9') out += ch;
  return out;
}

/** The lengths of the runs of digits as written: "(55) 1234-5678" → [2, 4, 4]. */
function digitGroups(text: string): number[] {
  const groups: number[] = [];
  let run = 0;
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') run++;
    else if (run > 0) {
      groups.push(run);
      run = 0;
    }
  }
  if (run > 0) groups.push(run);
  return groups;
}
