import { codeOfSpelling, LONGEST_STATE_WORDS, stateCode, stateSpelling } from './plateStates';

/** A plate as the table compares it: the state's code ('?' when none was written) and its characters. */
export interface Plate {
  state: string;
  chars: string;
}

/**
 * Longer text is not a plate, nor a vehicle entry's name (the schema's bound, as a report's identifier
 * is): read anyway, what a patched client wrote would cost every reader time quadratic in its length.
 */
const LONGEST = 200;

/** Words people put around a plate that are not part of it ("plate ABC-1234", "placas TX …"). */
const FILLER = new Set(['PLATE', 'PLATES', 'PLACA', 'PLACAS', 'TAG', 'LICENSE', 'LIC', 'NO', '#', '№']);

/**
 * A–Z and 0–9 only, accents and full-width forms folded: "abc-12.34" → "ABC1234", "ＡＢＣ１２３４" →
 * "ABC1234". '' when a letter or digit of another script is left: dropped, Cyrillic "АВС1234" and
 * "ХУЕ1234" would both read as "1234" and match each other.
 */
export function plateChars(text: string): string {
  const upper = text.toUpperCase();
  // Most plates are ASCII: accents and full-width forms are folded only where there is anything else.
  if (!/[^\x20-\x7e]/.test(upper)) return upper.replace(/[^A-Z0-9]/g, '');
  const folded = upper.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase();
  if (/(?![A-Z0-9])[\p{L}\p{N}]/u.test(folded)) return '';
  return folded.replace(/[^A-Z0-9]/g, '');
}

/**
 * Reads a plate written in any of the usual ways: "TX:ABC-1234", "tx abc 1234", "ABC-1234 (TX)",
 * "ABC-1234, TX", "Texas ABC-1234", "ABC-1234 Texas". A state is recognised before a colon, in
 * trailing parentheses, on either side of a comma, as the leading words, or as trailing words
 * after at least one other word; otherwise the state is '?'. Null when no character is left.
 */
export function parsePlate(text: string): Plate | null {
  const t = text.trim();
  if (t.length > LONGEST) return null;
  const colon = t.indexOf(':');
  if (colon > 0) {
    const state = stateCode(t.slice(0, colon));
    if (state) return withState(state, t.slice(colon + 1));
  }
  const paren = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(t);
  if (paren) {
    const state = stateCode(paren[2] ?? '');
    if (state) return withState(state, paren[1] ?? '');
  }
  const comma = t.lastIndexOf(',');
  if (comma > 0) {
    const after = stateCode(t.slice(comma + 1));
    if (after) return withState(after, t.slice(0, comma));
    const before = stateCode(t.slice(0, comma));
    if (before) return withState(before, t.slice(comma + 1));
  }
  const words = t.split(/[\s,;:()]+/).filter((w) => w !== '');
  const kept = words.filter((w) => !FILLER.has(plateWord(w)));
  const tokens = kept.length > 0 ? kept : words;
  const spelled = tokens.map(stateSpelling);
  for (let n = Math.min(LONGEST_STATE_WORDS, tokens.length - 1); n >= 1; n--) {
    const state = codeOfSpelling(spelled.slice(0, n).join(''));
    if (state) return withState(state, tokens.slice(n).join(' '));
  }
  for (let n = Math.min(LONGEST_STATE_WORDS, tokens.length - 1); n >= 1; n--) {
    const state = codeOfSpelling(spelled.slice(tokens.length - n).join(''));
    if (state) return withState(state, tokens.slice(0, tokens.length - n).join(' '));
  }
  return withState('?', tokens.join(''));
}

function withState(state: string, rest: string): Plate | null {
  const chars = plateChars(rest);
  return chars === '' ? null : { state, chars };
}

function plateWord(w: string): string {
  return w.toUpperCase().replace(/[.:]+$/, '');
}

/**
 * A plate named in free text such as a vehicle entry's name ("Gray Tacoma TX ABC-1234",
 * "white van, placas SON 123-ABC"), or null. Stricter than parsePlate, since the text also holds
 * makes, models and colours: without a state the characters must mix letters and digits, five to
 * eight of them ("F-150" is a model, "Ford F-150" is not a plate), and inside a sentence a state
 * code counts only in capitals ("in", "me", "ok" are words).
 */
export function findPlate(text: string): Plate | null {
  if (text.length > LONGEST) return null;
  const whole = parsePlate(text);
  const words = text.split(/[\s,;()]+/).filter((w) => w !== '' && !FILLER.has(plateWord(w)));
  // Each word once: its characters, its state code if written as one, whether it holds a digit.
  const chars = words.map(plateChars);
  const codes = words.map(capitalCode);
  const digit = words.map((w) => /[0-9]/.test(w));
  if (whole && whole.state !== '?' && whole.chars.length >= 2 && whole.chars.length <= 8) {
    const rest = words.filter((w) => !stateCode(w.replace(/:.*$/, '')));
    if (rest.length <= 1 || mixed(rest)) return whole;
  }
  if (whole && plausible(whole.chars) && words.length <= 2 && mixed(words)) return whole;
  const window = (from: number, take: number) => {
    const these = words.slice(from, from + take);
    if (these.length < take || !digit.slice(from, from + take).some(Boolean) || !mixed(these)) return null;
    const joined = chars.slice(from, from + take).join('');
    return plausible(joined) ? joined : null;
  };
  let found: Plate | null = null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const colon = word.indexOf(':');
    if (colon > 0) {
      const state = capitalCode(word.slice(0, colon));
      const after = plateChars(word.slice(colon + 1));
      if (state && after !== '') return { state, chars: after };
    }
    const state = codes[i];
    if (state) {
      const next = window(i + 1, 2) ?? window(i + 1, 1);
      if (next) return { state, chars: next };
    }
    if (found) continue;
    for (const take of [1, 2]) {
      const these = window(i, take);
      if (these && !codes.slice(i, i + take).some(Boolean)) {
        found = { state: '?', chars: these };
        break;
      }
    }
  }
  return found;
}

/** The state code for a word written in capitals ("TX", "N.L.", "SON"), or a full state name. */
function capitalCode(word: string): string | null {
  const code = stateCode(word);
  if (!code) return null;
  return word === word.toUpperCase() || word.length > 4 ? code : null;
}

/** Five to eight characters, letters and digits both: what a plate in free text looks like. */
function plausible(chars: string): boolean {
  return chars.length >= 5 && chars.length <= 8 && /[A-Z]/.test(chars) && /[0-9]/.test(chars);
}

/** Each word of a split plate holds a digit or is short ("ABC 1234", "123 ABC"): not "Ford 1234". */
function mixed(words: string[]): boolean {
  return words.every((w) => /[0-9]/.test(w) || w.length <= 3);
}
