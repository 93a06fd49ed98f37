import type { Credibility, Reliability } from '../../shared/reports';

/**
 * The Admiralty (NATO STANAG 2511) scale's words: the letter grades the source, the digit the
 * information, each judged apart ("B2": usually reliable source, probably true).
 */
export const RELIABILITY_MEANING: Record<Reliability, string> = {
  A: 'Completely reliable',
  B: 'Usually reliable',
  C: 'Fairly reliable',
  D: 'Not usually reliable',
  E: 'Unreliable',
  F: 'Reliability cannot be judged',
};

export const CREDIBILITY_MEANING: Record<Credibility, string> = {
  '1': 'Confirmed by other sources',
  '2': 'Probably true',
  '3': 'Possibly true',
  '4': 'Doubtful',
  '5': 'Improbable',
  '6': 'Truth cannot be judged',
};

/** "B2: usually reliable source, probably true" — the grading and what it says, for a title or a screen reader. */
export function gradingMeaning(reliability: Reliability, credibility: Credibility): string {
  const source = RELIABILITY_MEANING[reliability].toLowerCase();
  const info = CREDIBILITY_MEANING[credibility].toLowerCase();
  return `${reliability}${credibility}: ${reliability === 'F' ? source : `${source} source`}, ${info}`;
}
