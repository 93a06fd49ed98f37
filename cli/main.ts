import { initCrypto } from '../shared/crypto';
import { commands } from './commands';
import type { Flags } from './commandKit';

const USAGE = `usage: unity-table <command> [--flag value …]   (passphrase in UNITY_PASSPHRASE)
  init --profile DIR --name NAME --agency AGENCY
  workspace create --profile DIR --title TITLE --relay URL
  workspace list --profile DIR
  invite create --profile DIR --workspace ID --role ROLE [--expires-hours N]
  invite list --profile DIR --workspace ID
  invite revoke --profile DIR --workspace ID --invite ID
  invite confirm --profile DIR --workspace ID --invite ID --member ID
  join --profile DIR --invite TOKEN [--timeout SECONDS]
  org add --profile DIR --workspace ID --name NAME [--lane LANE]
  org list --profile DIR --workspace ID
  note append --profile DIR --workspace ID --org ORG_ID --text TEXT
  note show --profile DIR --workspace ID --org ORG_ID [--format text|markdown]
  round open --profile DIR --workspace ID --title T --candidates ORG1,ORG2,… [--per lead|agency]
             [--method schulze|borda] [--closes ISO-TIME]
  round list --profile DIR --workspace ID
  vote --profile DIR --workspace ID --round ID --ranking ORG1,ORG2=ORG3,…
  round close --profile DIR --workspace ID --round ID
  round result --profile DIR --workspace ID --round ID
  sync --profile DIR --workspace ID [--timeout SECONDS]
  export --profile DIR --workspace ID
  member list --profile DIR --workspace ID
  member verify --profile DIR --workspace ID --member ID --fingerprint "12345 …"
  member remove --profile DIR --workspace ID --member ID [--revoke-invites yes|no]
  member role --profile DIR --workspace ID --member ID --role ROLE
  workspace leave --profile DIR --workspace ID
Changes are made locally and sent at the next sync.`;

/** Splits argv into the command words and --flag value pairs; refuses anything else. */
export function parseCommandLine(argv: string[]): { command: string; flags: Flags } {
  const words: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--')) {
      const name = arg.slice(2);
      if (name === 'passphrase')
        throw new Error('the passphrase is read from UNITY_PASSPHRASE, never from the command line');
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      flags[name] = value;
      i++;
    } else if (Object.keys(flags).length === 0) {
      words.push(arg);
    } else {
      throw new Error(`unexpected "${arg}"`);
    }
  }
  return { command: words.join(' '), flags };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    console.log(USAGE);
    return;
  }
  const { command, flags } = parseCommandLine(argv);
  const run = commands[command];
  if (!run) throw new Error(`unknown command "${command}"\n${USAGE}`);
  await initCrypto();
  const output = await run(flags, {
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
