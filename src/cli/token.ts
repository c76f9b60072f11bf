import { AppTokens, MAX_TTL, MIN_TTL } from '../auth/app-tokens.ts';
import type { Abilities } from '../auth/app-tokens.ts';
import { loadSecret } from '../auth/secret.ts';
import { Users } from '../auth/users.ts';
import type { User } from '../auth/users.ts';
import { DomainError } from '../errors.ts';
import { runOnIndex, UsageError } from './tool.ts';

const DAY = 24 * 3600;

const USAGE = `Usage: npm run token -- <command>

  create <username> <name> <abilities> [--ttl=<seconds>]
                          a token for <username>; <abilities> is JSON from album id (or uid, or *)
                          to rights, e.g. '{"album_4a":["browse","upload"]}'. Prints the token
                          alone on standard output (it is not stored: keep it), its jti and
                          expiry on standard error. --ttl from ${MIN_TTL} to ${MAX_TTL}, default ${30 * DAY} (30 days).
  list [<username>]       tokens (of one user): jti, user, name, expiry, state, abilities
  revoke <jti>            refuse the token from now on, at once, also in a running server

The index is PHOTOSTATION_DATA/photostation.db and the secret PHOTOSTATION_DATA/app-tokens.key;
the server need not be running, and may be.`;

function userNamed(users: Users, name: string | undefined): User {
  if (name === undefined || name === '') throw new UsageError('Expected a username');
  const user = users.byName(name);
  if (!user) throw new DomainError('not-found', `No user \`${name}\``);
  return user;
}

function ttlOf(flags: string[]): number {
  const flag = flags.find((f) => f.startsWith('--ttl='));
  if (flag === undefined) return 30 * DAY;
  const value = flag.slice('--ttl='.length);
  if (!/^\d{1,10}$/.test(value)) throw new UsageError(`Expected --ttl=<seconds>, got \`${flag}\``);
  return Number(value);
}

function abilitiesOf(text: string | undefined): Abilities {
  if (text === undefined) throw new UsageError('Expected abilities, e.g. \'{"*":["browse"]}\'');
  try {
    return JSON.parse(text) as Abilities;
  } catch {
    throw new UsageError(`Expected abilities as JSON, got \`${text.slice(0, 60)}\``);
  }
}

const when = (s: number) => new Date(s * 1000).toISOString().replace(/\.000Z$/, 'Z');

async function run(tokens: AppTokens, users: Users, argv: string[]): Promise<{ out: string; note?: string }> {
  const flags = argv.filter((a) => a.startsWith('--'));
  const [command, ...args] = argv.filter((a) => !a.startsWith('--'));
  for (const f of flags) if (!(command === 'create' && f.startsWith('--ttl='))) throw new UsageError(`Unknown option ${f}`);
  switch (command) {
    case 'create': {
      const user = userNamed(users, args[0]);
      if (args[1] === undefined) throw new UsageError('Expected a name for the token');
      const made = await tokens.create(user, args[1], abilitiesOf(args[2]), ttlOf(flags));
      return { out: made.token, note: `Created token ${made.jti} for ${user.username}, expiring ${when(made.exp)}` };
    }
    case 'list': {
      const owners = args[0] === undefined ? users.list() : [userNamed(users, args[0])];
      const lines = owners.flatMap((u) =>
        tokens
          .list(u)
          .map((t) => [t.jti, u.username, t.name, when(t.exp), t.revoked ? 'revoked' : t.exp * 1000 <= Date.now() ? 'expired' : 'live', JSON.stringify(t.abilities)].join('\t')),
      );
      return { out: lines.join('\n') || 'No tokens' };
    }
    case 'revoke': {
      const jti = args[0];
      if (jti === undefined || jti === '') throw new UsageError('Expected a jti (see `list`)');
      const owner = tokens.owner(jti);
      if (!owner) throw new DomainError('not-found', `No token \`${jti}\``);
      tokens.revoke(owner, jti);
      return { out: `Revoked ${jti} of ${owner.username}` };
    }
    default:
      throw new UsageError(command === undefined ? 'Expected a command' : `Unknown command ${command}`);
  }
}

await runOnIndex(USAGE, [DomainError], async (db, config) => {
  const users = new Users(db);
  return run(new AppTokens(db, users, loadSecret(config.dataDir), () => Date.now()), users, process.argv.slice(2));
});
