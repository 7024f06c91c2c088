// Gateway capacity: 200 concurrent idle shells on this machine. Prints the gateway's RSS (idle
// and with 200 sessions), the shells' summed RSS and the proportional set size of the whole
// tree per session, beside the bounds docs/gateway.md states; also how long opening them took.
// Moved here from the test suite: on a busy 2-core CI this is a measurement, not a check
// (tests/gateway/load.test.ts keeps the correctness part at 24 sessions).
import { eventually, open, rssKiB, startGateway, token, type Client } from '../gateway/harness.ts';
import { children, mib, pssKiB } from '../gateway/procfs.ts';

const N = 200;
const BOUNDS = { gatewayRssMiB: 400, totalPssMiB: 1200 };

const gw = await startGateway(['--max-sessions', String(N + 50)]);
try {
  const idle = rssKiB(gw.pid);
  const before = new Set(children(gw.pid));
  const shells = () => children(gw.pid).filter((p) => !before.has(p));
  const t0 = performance.now();
  const clients: Client[] = [];
  for (let i = 0; i < N; i += 20) clients.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => open(gw.url, { token: token(`t${i + j}`) })))));
  await Promise.all(clients.map((c) => c.waitFor(/\$ /, 180_000)));
  const pids = await Promise.all(clients.map((c) => c.run('echo $$ $USER', 180_000)));
  const openMs = performance.now() - t0;
  if (new Set(pids).size !== N) throw new Error(`expected ${N} distinct shells, got ${new Set(pids).size}`);
  const kids = shells();
  const gwRss = rssKiB(gw.pid);
  const kidsRss = kids.reduce((s, p) => s + rssKiB(p), 0);
  const totalPss = pssKiB(gw.pid) + kids.reduce((s, p) => s + pssKiB(p), 0);
  console.log(`${N} sessions opened and answering in ${(openMs / 1000).toFixed(1)} s`);
  console.log(`gateway RSS: idle ${mib(idle)} MiB, with ${N} sessions ${mib(gwRss)} MiB (bound ${BOUNDS.gatewayRssMiB} MiB: ${(gwRss / 1024 / BOUNDS.gatewayRssMiB).toFixed(2)}× of it)`);
  console.log(`${kids.length} child processes: RSS sum ${mib(kidsRss)} MiB; gateway + children PSS ${mib(totalPss)} MiB = ${mib(totalPss / N)} MiB per session (bound ${BOUNDS.totalPssMiB} MiB: ${(totalPss / 1024 / BOUNDS.totalPssMiB).toFixed(2)}× of it)`);
  const t1 = performance.now();
  await Promise.all(clients.map((c) => c.close()));
  await eventually(() => shells().length === 0, 180_000, 'all shells to end');
  console.log(`all ${N} shells ended ${((performance.now() - t1) / 1000).toFixed(1)} s after their sockets closed`);
} finally {
  await gw.stop();
}
process.exit(0);
