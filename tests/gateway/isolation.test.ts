// kvlab#17: what one trainee's shell can see of another's (item 4: a private /proc, hidepid=2),
// and what outlives a session when the gateway is not root (item 13: a cgroup per session
// where the gateway may write one; else what the log and docs/gateway.md say).
import { chownSync, mkdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownCgroup } from '../../scripts/gateway/cgroup.ts';
import { eventually, open, startGateway, tempDir, token, type Client } from './harness.ts';

const isRoot = process.getuid?.() === 0;
const UID = 54321; // the non-root gateway's uid (no passwd entry needed)
const cleanup: (() => void)[] = [];
afterAll(() => cleanup.reverse().forEach((f) => f()));

const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z /s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** Starts a process that leaves the session (setsid -f); `clearEnv` also drops KVLAB_SESSION. */
async function escapee(c: Client, clearEnv: boolean, name: string): Promise<number> {
  const out = await c.run(`setsid -f ${clearEnv ? 'env -i ' : ''}/bin/sh -c 'echo $$ > "$0"; exec sleep 1013' $HOME/${name}; sleep 0.3; cat $HOME/${name}`);
  const pid = Number(out.split('\n').pop());
  expect(pid, out).toBeGreaterThan(1);
  return pid;
}

describe.skipIf(!isRoot)("one trainee's shell does not see another's processes (gateway as root)", () => {
  it("bob's command line is not readable from alice's shell; bob still sees his own", async () => {
    const gw = await startGateway();
    cleanup.push(() => void gw.stop());
    const alice = await open(gw.url, { token: token('alice') });
    const bob = await open(gw.url, { token: token('bob') });
    bob.send("sh -c 'sleep 300; : kvlab-secret-of-bob' &\r");
    const count = (c: Client) => c.run("grep -l 'kvlab-secret-of-bo[b]' /proc/[0-9]*/cmdline 2>/dev/null | wc -l");
    expect(Number(await count(bob))).toBeGreaterThanOrEqual(1);
    expect(await count(alice)).toBe('0');
    // Nor the gateway's own process, nor any process of another uid.
    expect(await alice.run(`ps -e -o uid= | sort -u | tr -d ' '`)).toBe(await alice.run('id -u'));
    await alice.close();
    await bob.close();
    await gw.stop();
  });
});

describe.skipIf(!isRoot)('a gateway not running as root', () => {
  const base = ownCgroup();

  it.skipIf(!('dir' in base))('with a cgroup delegated to its uid: a process that left the session and cleared its environment still ends with it', async () => {
    const delegated = join((base as { dir: string }).dir, `kvlab-test-${process.pid}`);
    mkdirSync(delegated);
    cleanup.push(() => rmdirSync(delegated));
    for (const f of ['', 'cgroup.procs', 'cgroup.threads', 'cgroup.subtree_control']) chownSync(join(delegated, f), UID, UID);
    const state = join(tempDir('kvlab-gw-'), 'state');
    mkdirSync(state);
    cleanup.push(() => rmSync(join(state, '..'), { recursive: true, force: true }));
    const gw = await startGateway([], {}, { stateDir: state, uid: UID, cgroup: delegated });
    try {
      const c = await open(gw.url, { token: token('alice') });
      expect(await c.run('id -u')).toBe(String(UID));
      const pids = [await escapee(c, true, 'a.pid'), await escapee(c, false, 'b.pid')];
      expect(pids.every(alive)).toBe(true);
      await c.close();
      await eventually(() => !pids.some(alive), 10_000, `pids ${pids.filter(alive)} to end`);
    } finally {
      await gw.stop();
    }
  });

  it('without a cgroup it may write: it says what lives on, and that is what happens', async () => {
    const state = join(tempDir('kvlab-gw-'), 'state');
    mkdirSync(state);
    cleanup.push(() => rmSync(join(state, '..'), { recursive: true, force: true }));
    const gw = await startGateway([], {}, { stateDir: state, uid: UID }); // stays in root's cgroup
    try {
      expect(gw.log.join('')).toMatch(/no cgroup for sessions \(.*\): when a session ends, a process that left it \(setsid, double fork\) is still ended if it keeps KVLAB_SESSION in its environment; one that also cleared its environment lives on/);
      const c = await open(gw.url, { token: token('alice') });
      const marked = await escapee(c, false, 'b.pid');
      const bare = await escapee(c, true, 'a.pid');
      cleanup.push(() => void (alive(bare) && process.kill(bare, 'SIGKILL')));
      await c.close();
      await eventually(() => !alive(marked), 10_000, `the marked escapee ${marked} to end`);
      expect(alive(bare)).toBe(true); // as documented: nothing can find it
    } finally {
      await gw.stop();
    }
  });
});
