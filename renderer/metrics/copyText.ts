/**
 * Puts text on the clipboard. The async Clipboard API first; where it is refused (a permission
 * handler that denies everything, as our Electron session's does, or an insecure origin) the older
 * copy command over a selected, off-screen text area, which needs no permission in a user gesture.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through to the copy command
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('the clipboard is not available here');
}
