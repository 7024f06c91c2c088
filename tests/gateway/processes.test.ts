// Every process a shell started ends with its session: on close, on idle timeout, on exit,
// and when the gateway stops — checked in /proc, including processes that left the session.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { eventually, open, startGateway, tempDir, token, type Client, type RunningGateway } from './harness.ts';

const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Starts background jobs of every kind in the shell and returns all their pids (shell first). */
async function spawnJobs(c: Client): Promise<number[]> {
  const shell = Number(await c.run('echo $$'));
  const commands = [
    'sleep 1001 & echo $!',
    'nohup sleep 1002 >/dev/null 2>&1 & echo $!',
    // forked into a session of its own (setsid -f), no longer in the shell's session
    "setsid -f sh -c 'echo $$ > ~/.pid; exec sleep 1003'; sleep 0.3; cat ~/.pid",
    // double fork + setsid: reparented to init, its own session, a daemon
    "( setsid sh -c 'echo $$ > ~/.pid; exec sleep 1004' & ); sleep 0.3; cat ~/.pid",
    // ignores SIGHUP: only SIGKILL ends it
    "(trap '' HUP; exec sleep 1005) & echo $!",
  ];
  const pids = [shell];
  for (const cmd of commands) {
    const out = (await c.run(cmd)).split('\n').pop()!; // after bash's "[1] 123" job line
    expect(out, cmd).toMatch(/^\d+$/);
    pids.push(Number(out));
  }
  return pids;
}

// As root the gateway gives each trainee a uid (and can end all of it); with --uid-base off
// every shell shares the gateway's uid and only the session walk finds the processes.
describe.each([['own uid per trainee', []], ['shared uid (--uid-base off)', ['--uid-base', 'off']]])('no process outlives its session: %s', (_name, extra) => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await startGateway(['--idle-timeout', '5s', ...(extra as string[])]);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('closing the socket (1000) ends the shell and all its jobs, daemons included', async () => {
    const c = await open(gw.url, { token: token('alice') });
    const pids = await spawnJobs(c);
    expect(pids.every(alive)).toBe(true);
    await c.close();
    await eventually(() => !pids.some(alive), 10_000, `pids ${pids.filter(alive)} to end`);
  });

  it('`exit` in the shell also ends the jobs it left behind', async () => {
    const c = await open(gw.url, { token: token('bob') });
    const pids = await spawnJobs(c);
    c.send('exit\r');
    await c.until(() => c.closeCode, 10_000, 'close');
    expect(c.closeCode).toBe(1000);
    await eventually(() => !pids.some(alive), 10_000, `pids ${pids.filter(alive)} to end`);
  });

  it('the idle timeout closes with 4000 and ends the shell', async () => {
    const c = await open(gw.url, { token: token('carol') });
    const pids = await spawnJobs(c);
    await c.until(() => c.closeCode, 30_000, 'idle close');
    expect(c.closeCode).toBe(4000);
    await eventually(() => !pids.some(alive), 10_000, `pids ${pids.filter(alive)} to end`);
  });
});

describe('stopping the gateway', () => {
  it('ends every session, attached or dropped, and their jobs', async () => {
    const gw = await startGateway();
    try {
      const clients = await Promise.all(['a1', 'a2', 'b1'].map((u) => open(gw.url, { token: token(u) })));
      const pids = (await Promise.all(clients.map(spawnJobs))).flat();
      clients[1].drop(); // one in its grace period
      expect(pids.every(alive)).toBe(true);
      expect(await gw.stop()).toBe(0);
      await eventually(() => !pids.some(alive), 10_000, `pids ${pids.filter(alive)} to end`);
      for (const c of [clients[0], clients[2]]) expect(c.closeCode).toBe(1001);
    } finally {
      await gw.stop();
    }
  });
});

describe('a gateway killed without cleanup (SIGKILL, crash)', () => {
  it('leaves shells behind, which the next gateway on the same state dir ends at start', async () => {
    const state = tempDir('kvlab-gw-');
    try {
      const first = await startGateway([], {}, { stateDir: state, keepState: true });
      const c = await open(first.url, { token: token('alice') });
      const pids = await spawnJobs(c);
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      await new Promise((r) => setTimeout(r, 300));
      expect(pids.filter(alive).length).toBeGreaterThan(0); // orphans: nobody ended them
      const second = await startGateway([], {}, { stateDir: state, keepState: true });
      try {
        await eventually(() => !pids.some(alive), 10_000, `orphans ${pids.filter(alive)} to end`);
        expect(second.log.join('')).toMatch(/ending \d+ process\(es\) left by a previous gateway/);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});

describe("another gateway's shells", () => {
  // Two gateways on one machine (two classes, or two test runs): one that starts must not end
  // what a killed gateway with another state dir left; the next gateway on that state dir does.
  it('are left alone by a gateway with another state dir, and ended by the next one on theirs', async () => {
    const mine = tempDir('kvlab-gw-');
    const other = tempDir('kvlab-gw-');
    try {
      const first = await startGateway(['--uid-base', 'off'], {}, { stateDir: mine, keepState: true });
      const c = await open(first.url, { token: token('alice') });
      const pids = await spawnJobs(c);
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      const orphans = () => pids.filter(alive);
      await eventually(() => orphans().length > 0, 5_000, 'orphans to stay');
      // the killed gateway's pty closing hangs up its shell, which may take some of its jobs with
      // it: count the orphans once that has settled (the same count for half a second: ten reads 50 ms apart), so a
      // job ending on its own is not taken for one the neighbour ended (seen on a loaded CI)
      const counts: number[] = [];
      await eventually(() => {
        counts.push(orphans().length);
        return counts.length >= 10 && counts.slice(-10).every((n) => n === counts.at(-1));
      }, 10_000, 'the orphans to settle');
      const left = orphans().length;
      expect(left).toBeGreaterThan(0);
      const neighbour = await startGateway(['--uid-base', 'off'], {}, { stateDir: other });
      await neighbour.stop();
      expect(orphans().length, neighbour.log.join('')).toBe(left);
      const next = await startGateway(['--uid-base', 'off'], {}, { stateDir: mine, keepState: true });
      try {
        await eventually(() => orphans().length === 0, 10_000, `orphans ${orphans()} to end`);
      } finally {
        await next.stop();
      }
    } finally {
      rmSync(mine, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });
});
