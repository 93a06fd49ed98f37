import { useEffect, useState } from 'react';

import { useHost } from '../host';

/** Says, without pretending, how this machine protects the stored vault beyond the passphrase. */
export function ProtectionNote() {
  const host = useHost();
  const [detail, setDetail] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    host.secrets.protection().then(
      (p) => live && setDetail(p.detail),
      () => live && setDetail(null),
    );
    return () => {
      live = false;
    };
  }, [host]);
  return detail ? <p className="note">{detail}</p> : null;
}
