import type { ReportMatch } from '../../shared/reports';
import { useNavigation } from '../workspaces/navigation';
import { matchLine } from './reportText';
import type { Namer } from './reportText';

/** One line per match; an organization's name is a link that opens its card on the board. */
export function MatchLines({ matches, names, label }: { matches: ReportMatch[]; names: Namer; label: string }) {
  const navigation = useNavigation();
  if (matches.length === 0) return null;
  return (
    <ul className="match-lines" aria-label={label}>
      {matches.map((m) => {
        const line = matchLine(names, m);
        return (
          <li key={`${m.identifier.kind}|${m.identifier.value}|${m.factId}`}>
            {line.before}
            {line.org && (
              <button type="button" className="link" onClick={() => navigation.openCard(line.org!.id)}>
                {line.org.name}
              </button>
            )}
            {line.after}
          </li>
        );
      })}
    </ul>
  );
}
