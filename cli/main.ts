import { initCrypto } from '../shared/crypto';
import { checkFlags, parseCommandLine, unknownCommand } from './commandLine';
import { registry } from './commands';
import { commandHelp, usage } from './usage';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const asked =
    argv[0] === 'help'
      ? { ...parseCommandLine(argv.slice(1), registry), help: true }
      : parseCommandLine(argv, registry);
  if (argv.length === 0 || (asked.help && asked.command === '')) {
    console.log(usage(registry));
    return;
  }
  const spec = registry.find((c) => c.words === asked.command);
  if (!spec) throw new Error(`${unknownCommand(registry, asked.command)}\n${usage(registry)}`);
  if (asked.help) {
    console.log(commandHelp(spec));
    return;
  }
  const flags = checkFlags(spec, asked.flags);
  await initCrypto();
  const output = await spec.run(flags, {
    passphrase: () => {
      const p = process.env['UNITY_PASSPHRASE'];
      if (!p) throw new Error('set UNITY_PASSPHRASE to the profile passphrase');
      return p;
    },
  });
  process.stdout.write('json' in output ? `${JSON.stringify(output.json)}\n` : `${output.line}\n`);
}

main().then(
  // Open sockets or timers must not keep a finished command alive.
  () => process.exit(0),
  (e: unknown) => {
    console.error(`unity-table: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
