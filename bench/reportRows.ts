/** A benchmark's target as the report lists it. */
export interface TargetCheck {
  id: string;
  description: string;
  limit: string;
  value: string;
  met: boolean | null;
}

/** One line of the summary table (plain | relay-plain | encrypted | ratio | target | met). */
export interface SummaryRow {
  benchmark: string;
  plain: string;
  relayPlain: string;
  encrypted: string;
  ratio: string;
  target: string;
  met: string;
}

export const yesNo = (met: boolean | null | undefined): string =>
  met === null || met === undefined ? '' : met ? 'yes' : 'NO';

/** A summary row with no relay-plain column: the benches measured without a relay (B, M). */
export const summaryRow = (
  benchmark: string,
  plain: string,
  encrypted: string,
  ratio = '',
  target = '',
  met = '',
): SummaryRow => ({ benchmark, plain, relayPlain: '', encrypted, ratio, target, met });
