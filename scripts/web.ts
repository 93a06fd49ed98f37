import { fail, portOption, refuseUnknownFlags } from './cliArgs';
import { startWebServer } from './webServer';

/** `npm run web [-- --port N]`: the browser host alone, on 127.0.0.1. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  refuseUnknownFlags(argv, { port: 'string' });
  const server = await startWebServer({
    port: portOption(argv, 'port', 'UNITY_WEB_PORT', 5173),
    relayUrl: null,
    hosted: false,
  });
  console.log(`Unity Table (browser host) at ${server.url}`);
  const exit = () => process.exit(0);
  const stop = (): void => {
    server.close().then(exit, exit);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => fail('web', e));
