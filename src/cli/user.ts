import { text } from 'node:stream/consumers';
import { UserError, Users } from '../auth/users.ts';
import { runOnIndex, UsageError } from './tool.ts';

const USAGE = `Usage: npm run user -- <command>

  add <username> <password|-> [--admin]   create an account (--admin: an administrator)
  passwd <username> <password|->          set a new password (ends the account's sessions)
  disable <username>                      refuse logins and end the account's sessions
  enable <username>                       allow logins again
  delete <username>                       delete the account and its sessions
  library-off <username>                  stop serving the user's personal library (its files stay)
  library-on <username>                   serve the user's personal library again
  list                                    every account

A password of \`-\` is read from standard input (one line), which keeps it out of the shell
history and the process list. The index is PHOTOSTATION_DATA/photostation.db; the server need
not be running, and may be.`;

/** `-` reads the password from stdin: everything up to the first line break. */
async function password(arg: string | undefined): Promise<string> {
  if (arg === undefined) throw new UsageError('Expected a password, or `-` to read it from standard input');
  if (arg !== '-') return arg;
  const line = (await text(process.stdin)).split(/\r?\n/)[0] ?? '';
  if (line === '') throw new UsageError('Expected a password on standard input, got an empty line');
  return line;
}

function name(arg: string | undefined): string {
  if (arg === undefined || arg === '') throw new UsageError('Expected a username');
  return arg;
}

async function run(users: Users, argv: string[]): Promise<string> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const [command, ...args] = argv.filter((a) => !a.startsWith('--'));
  for (const f of flags) if (!(command === 'add' && f === '--admin')) throw new UsageError(`Unknown option ${f}`);
  switch (command) {
    case 'add': {
      const user = await users.create(name(args[0]), await password(args[1]), flags.has('--admin'), Date.now());
      return `Created ${user.isAdmin ? 'administrator' : 'user'} ${user.username}`;
    }
    case 'passwd':
      await users.edit(name(args[0]), { password: await password(args[1]) });
      return `Changed the password of ${args[0]}`;
    case 'disable':
      if (users.isLastActiveAdmin(name(args[0]))) throw new UserError('The last administrator cannot be disabled');
      await users.edit(name(args[0]), { disabled: true });
      return `Disabled ${args[0]}`;
    case 'enable':
      await users.edit(name(args[0]), { disabled: false });
      return `Enabled ${args[0]}`;
    case 'delete':
      if (users.isLastActiveAdmin(name(args[0]))) throw new UserError('The last administrator cannot be deleted');
      users.delete(name(args[0]));
      return `Deleted ${args[0]}`;
    case 'library-off':
      await users.edit(name(args[0]), { personalLibrary: false });
      return `Personal library of ${args[0]} switched off`;
    case 'library-on':
      await users.edit(name(args[0]), { personalLibrary: true });
      return `Personal library of ${args[0]} switched on`;
    case 'list':
      return (
        users
          .list()
          .map((u) => [u.username, u.isAdmin ? 'admin' : 'user', u.disabled ? 'disabled' : 'enabled', ...(u.personalLibrary ? [] : ['no-library'])].join('\t'))
          .join('\n') || 'No accounts'
      );
    default:
      throw new UsageError(command === undefined ? 'Expected a command' : `Unknown command ${command}`);
  }
}

await runOnIndex(USAGE, [UserError], async (db) => ({ out: await run(new Users(db), process.argv.slice(2)) }));
