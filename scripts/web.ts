import { fail, portOption } from './cliArgs';
import { startWebServer } from './webServer';

/** `npm run web [-- --port N]`: the browser host alone, on 127.0.0.1. */
async function main(): Promise<void> {
  const server = await startWebServer({
    port: portOption(process.argv.slice(2), 'port', 'UNITY_WEB_PORT', 5173),
    relayUrl: null,
    hosted: false,
  });
  console.log(`Unity Table (browser host) at ${server.url}`);
  const stop = (): void => void server.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => fail('web', e));
