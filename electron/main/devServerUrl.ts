const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The development server the window may load instead of the app's own files, or null. A URL given
 * here becomes the page and a trusted IPC sender, so it is honoured only in an explicit development
 * mode: an unpackaged app, `UNITY_DEV=1`, and a plain http URL on loopback (issue 11, item 17).
 * Anything else is refused with one logged sentence.
 */
export function devServerUrl(options: {
  isPackaged: boolean;
  env: Record<string, string | undefined>;
  log: (sentence: string) => void;
}): string | null {
  const asked = options.env['ELECTRON_RENDERER_URL'];
  if (asked === undefined || asked === '') return null;
  if (options.isPackaged) {
    options.log('Unity Table: ELECTRON_RENDERER_URL is ignored in a packaged app; loading the built-in page.');
    return null;
  }
  if (options.env['UNITY_DEV'] !== '1') {
    options.log(
      'Unity Table: ELECTRON_RENDERER_URL is ignored unless UNITY_DEV=1 is set (development only); loading the built-in page.',
    );
    return null;
  }
  const url = URL.canParse(asked) ? new URL(asked) : null;
  if (
    !url ||
    url.protocol !== 'http:' ||
    url.username !== '' ||
    url.password !== '' ||
    !LOOPBACK_HOSTS.has(url.hostname)
  ) {
    options.log(
      `Unity Table: ELECTRON_RENDERER_URL must be a plain http URL on loopback (localhost, 127.0.0.1 or [::1]); refused ${JSON.stringify(asked)} and loading the built-in page.`,
    );
    return null;
  }
  return asked;
}
