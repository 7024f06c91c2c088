// Who is connected, across gateway replicas that share a state dir: each gateway writes
// STATE/presence/<its id>.json every 2 s (its attached trainees and their last activity), and
// the class page of any replica merges the files written in the last 10 s.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface UserPresence {
  connected: boolean;
  /** ms since the epoch */
  lastActivity: number;
}

const FRESH_MS = 10_000;

export class Presence {
  readonly id = `${hostname().replace(/[^\w.-]/g, '_')}-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly dir: string;
  private readonly activity = new Map<string, number>();
  private source: () => Map<string, UserPresence> = () => new Map();
  private readonly timer: NodeJS.Timeout;

  constructor(stateDir: string, private readonly log: (line: string) => void) {
    this.dir = join(stateDir, 'presence');
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.timer = setInterval(() => this.write(), 2000);
    this.timer.unref();
  }

  /** What this gateway's sessions say (connected, last keystroke). */
  setSource(fn: () => Map<string, UserPresence>): void {
    this.source = fn;
    this.write();
  }

  touch(user: string, at = Date.now()): void {
    this.activity.set(user, Math.max(at, this.activity.get(user) ?? 0));
  }

  /** This gateway's view: its sessions, and workspace requests it served. */
  local(): Map<string, UserPresence> {
    const out = new Map(this.source());
    for (const [u, t] of this.activity) {
      const p = out.get(u);
      out.set(u, { connected: p?.connected ?? false, lastActivity: Math.max(t, p?.lastActivity ?? 0) });
    }
    return out;
  }

  write(): void {
    const file = join(this.dir, `${this.id}.json`);
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify({ updatedAt: Date.now(), users: Object.fromEntries(this.local()) }), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch (e) {
      this.log(`cannot write presence ${file}: ${(e as Error).message}`);
    }
  }

  /** Every replica's view merged: connected on any, latest activity of all. */
  all(now = Date.now()): Map<string, UserPresence> {
    const out = this.local();
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((f) => f.endsWith('.json') && f !== `${this.id}.json`);
    } catch {
      /* none */
    }
    for (const f of names) {
      let data: { updatedAt?: number; users?: Record<string, UserPresence> };
      try {
        data = JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as typeof data;
      } catch {
        continue;
      }
      const fresh = typeof data.updatedAt === 'number' && now - data.updatedAt < FRESH_MS;
      for (const [u, p] of Object.entries(data.users ?? {})) {
        const mine = out.get(u);
        out.set(u, { connected: (mine?.connected ?? false) || (fresh && p.connected === true), lastActivity: Math.max(mine?.lastActivity ?? 0, Number(p.lastActivity) || 0) });
      }
    }
    return out;
  }

  close(): void {
    clearInterval(this.timer);
    rmSync(join(this.dir, `${this.id}.json`), { force: true });
  }
}
