// One trainee shell: a bash on a pty, attached to at most one WebSocket at a time. It
// survives a dropped socket for a grace period (the client reattaches with the session id),
// pauses the pty when the socket falls behind, and takes its whole process tree with it.
import { randomBytes } from 'node:crypto';
import pty, { type IPty } from 'node-pty';
import type WebSocket from 'ws';
import type { SessionCgroup } from './cgroup.ts';
import { CLOSE_POLICY, PONG_MAX_BUFFERED, ptyQueuedBytes, RateLimit } from './inflow.ts';
import { killTree } from './proctree.ts';
import type { Trainee } from './trainees.ts';

export interface SessionLimits {
  /** Seconds a shell waits for its client to come back after a drop. */
  graceSeconds: number;
  /** Seconds without input or control frames before the shell is ended. */
  idleSeconds: number;
  /** Pause the pty when this many bytes wait in the socket… */
  highWater: number;
  /** …and resume when fewer than this wait. */
  lowWater: number;
  /** Output kept while detached, replayed on reattach; beyond it the pty is paused. */
  detachedBuffer: number;
  /** Stop reading the socket when this many input bytes wait for the shell to read them… */
  inputHighWater: number;
  /** …read again below this… */
  inputLowWater: number;
  /** …and close with 1008 past this (frames already parsed when reading stopped). */
  inputCap: number;
  /** Control frames (WebSocket ping/pong, JSON messages): a burst of this many… */
  controlBurst: number;
  /** …then this many per second on average; past it the socket is closed with 1008. */
  controlPerSecond: number;
}

export const DEFAULT_LIMITS: SessionLimits = {
  graceSeconds: 60,
  idleSeconds: 1800,
  highWater: 1 << 20,
  lowWater: 256 << 10,
  detachedBuffer: 256 << 10,
  inputHighWater: 256 << 10,
  inputLowWater: 64 << 10,
  inputCap: 4 << 20,
  controlBurst: 200,
  controlPerSecond: 50,
};

export interface SpawnSpec {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  uid?: number;
  gid?: number;
  cols: number;
  rows: number;
  /** The uid the shell ends up as, when `file` switches to it itself (launch.ts). */
  sessionUid?: number;
  /** The session's cgroup; `joinsCgroup`: the launched command enters it by itself. */
  cgroup?: SessionCgroup;
  joinsCgroup?: boolean;
}

export const CLOSE_IDLE = 4000;
export const CLOSE_TAKEN_OVER = 4001;

export class Session {
  readonly id = randomBytes(18).toString('base64url');
  readonly pty: IPty;
  readonly pid: number;
  /** The uid the shell runs as. */
  readonly uid: number;
  private socket: WebSocket | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pausedFor = new Set<'socket' | 'detached'>();
  private drainTimer: NodeJS.Timeout | undefined;
  private inputTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private ended = false;
  exitCode: number | undefined;
  private readonly cgroup: SessionCgroup | undefined;
  /** Resolves when the shell's process tree is gone. */
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    readonly trainee: Trainee,
    spec: SpawnSpec,
    private readonly limits: SessionLimits,
    private readonly onGone: (s: Session) => void,
    /** The trainee's own uid when this is their last session (then all its processes go). */
    private readonly lastOfUid?: (s: Session) => number | undefined,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
    this.pty = pty.spawn(spec.file, spec.args, {
      name: 'xterm-256color',
      cols: spec.cols,
      rows: spec.rows,
      cwd: spec.cwd,
      env: { ...spec.env, KVLAB_SESSION: this.id },
      uid: spec.uid,
      gid: spec.gid,
      encoding: null, // raw bytes: never split or re-encode what the programs wrote
    });
    this.pid = this.pty.pid;
    this.uid = spec.sessionUid ?? spec.uid ?? process.getuid?.() ?? -1;
    this.cgroup = spec.cgroup;
    if (this.cgroup && !spec.joinsCgroup) {
      try {
        this.cgroup.add(this.pid); // the shell's first forks may precede this; the uid sweep covers them
      } catch {
        /* the shell already exited */
      }
    }
    this.pty.onData((data) => this.output(data as unknown as Buffer));
    this.pty.onExit(({ exitCode, signal }) => {
      this.exitCode = exitCode;
      this.send(JSON.stringify({ type: 'exit', code: exitCode, signal: signal || null }));
      this.socket?.close(1000, 'shell exited');
      void this.end();
    });
    this.touch();
    // Shells start after the upgrade and are attached at once; this only guards the gap.
    this.graceTimer = setTimeout(() => void this.end(), this.limits.graceSeconds * 1000);
  }

  get attached(): boolean {
    return this.socket !== undefined;
  }

  /** Connects a socket (a new one replaces the old: that tab is told it was taken over). */
  attach(ws: WebSocket, resumed: boolean): void {
    if (this.ended) {
      ws.close(1000, 'shell exited');
      return;
    }
    if (this.socket && this.socket !== ws) {
      const old = this.socket;
      this.socket = undefined;
      old.close(CLOSE_TAKEN_OVER, 'session taken over by a newer connection');
    }
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    this.socket = ws;
    ws.send(
      JSON.stringify({
        type: 'hello',
        session: this.id,
        user: this.trainee.user,
        namespace: this.trainee.namespace,
        resumed,
        graceSeconds: this.limits.graceSeconds,
        idleSeconds: this.limits.idleSeconds,
      }),
    );
    if (this.pending.length) {
      ws.send(Buffer.concat(this.pending));
      this.pending = [];
      this.pendingBytes = 0;
    }
    this.unpause('detached');
    this.checkSocketBackpressure();
    const controls = new RateLimit(this.limits.controlBurst, this.limits.controlPerSecond);
    // Frames of a socket being closed (1008, taken over) are read and dropped, not answered.
    const live = () => this.socket === ws && !this.ended && ws.readyState === ws.OPEN;
    const control = () => {
      if (controls.take()) return true;
      this.refuseSocket(ws, `more than ${this.limits.controlPerSecond} control frames a second`);
      return false;
    };
    ws.on('ping', (data) => {
      // autoPong is off (server.ts): a client that does not read gets no pong queued up.
      if (live() && control() && ws.bufferedAmount < PONG_MAX_BUFFERED) ws.pong(data);
    });
    ws.on('pong', () => void (live() && control()));
    ws.on('message', (data, isBinary) => {
      if (!live()) return;
      this.touch();
      try {
        if (isBinary) {
          this.pty.write(data as Buffer);
          this.checkInputBackpressure(ws);
        } else if (control()) this.control(String(data));
      } catch (e) {
        // Never let one frame take the gateway down (e.g. a write racing the shell's exit).
        this.send(JSON.stringify({ type: 'error', message: `frame not handled: ${(e as Error).message}` }));
      }
    });
    ws.on('close', (code) => {
      if (this.socket !== ws) return;
      this.socket = undefined;
      this.stopInputWait();
      this.unpause('socket');
      if (this.ended) return;
      // 1000 from the client means "done with this shell"; anything else (a drop, 1001 when
      // the page navigates away) keeps it for the grace period so the client can reattach.
      if (code === 1000) {
        void this.end();
        return;
      }
      this.graceTimer = setTimeout(() => void this.end(), this.limits.graceSeconds * 1000);
    });
    ws.on('error', () => ws.terminate());
  }

  /** Closes a client past a bound with 1008; its shell stays for the grace period. */
  private refuseSocket(ws: WebSocket, reason: string): void {
    if (ws.readyState !== ws.OPEN) return;
    this.stopInputWait();
    ws.close(CLOSE_POLICY, reason);
    ws.resume(); // read (and drop) until the client's close frame arrives
  }

  /** Stops reading the socket while the shell has not read what it was sent. */
  private checkInputBackpressure(ws: WebSocket): void {
    const queued = ptyQueuedBytes(this.pty);
    if (queued === undefined || queued <= this.limits.inputHighWater) return;
    if (queued > this.limits.inputCap) return this.refuseSocket(ws, `more than ${this.limits.inputCap >> 20} MiB of input the shell does not read`);
    if (this.inputTimer) return;
    ws.pause();
    // node-pty tells nothing when its queue drains: poll it while the socket is paused.
    this.inputTimer = setInterval(() => {
      if (this.socket !== ws) return this.stopInputWait();
      if ((ptyQueuedBytes(this.pty) ?? 0) < this.limits.inputLowWater) {
        this.stopInputWait();
        ws.resume();
      }
    }, 10);
  }

  private stopInputWait(): void {
    clearInterval(this.inputTimer);
    this.inputTimer = undefined;
  }

  /** An answer to the client: dropped while it does not read what it already has. */
  private reply(msg: object): void {
    if ((this.socket?.bufferedAmount ?? 0) < PONG_MAX_BUFFERED) this.send(JSON.stringify(msg));
  }

  private control(text: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.reply({ type: 'error', message: 'text frames are JSON control messages; send terminal input as binary frames' });
      return;
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      this.reply({ type: 'error', message: 'a control message is a JSON object with a "type": resize or ping' });
      return;
    }
    const m = msg as { type?: unknown; cols?: unknown; rows?: unknown; id?: unknown };
    if (m.type === 'ping') {
      this.reply(m.id === undefined ? { type: 'pong' } : { type: 'pong', id: m.id });
    } else if (m.type === 'resize') {
      const ok = (v: unknown, max: number) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max;
      if (!ok(m.cols, 1000) || !ok(m.rows, 500)) {
        this.reply({ type: 'error', message: 'resize needs integer cols (1–1000) and rows (1–500)' });
        return;
      }
      this.pty.resize(m.cols as number, m.rows as number);
    } else {
      this.reply({ type: 'error', message: `unknown control message type ${JSON.stringify(m.type)}; known: resize, ping` });
    }
  }

  private send(data: string | Buffer): void {
    const ws = this.socket;
    if (ws && ws.readyState === ws.OPEN) ws.send(data);
  }

  private output(data: Buffer): void {
    const ws = this.socket;
    if (ws && ws.readyState === ws.OPEN) {
      ws.send(data);
      this.checkSocketBackpressure();
    } else {
      this.pending.push(data);
      this.pendingBytes += data.length;
      if (this.pendingBytes > this.limits.detachedBuffer) this.pause('detached');
    }
  }

  private checkSocketBackpressure(): void {
    const ws = this.socket;
    if (!ws || ws.bufferedAmount <= this.limits.highWater) return;
    this.pause('socket');
    if (this.drainTimer) return;
    // ws has no 'drain' event of its own: poll bufferedAmount while paused.
    this.drainTimer = setInterval(() => {
      if (this.socket !== ws || ws.bufferedAmount < this.limits.lowWater) {
        clearInterval(this.drainTimer);
        this.drainTimer = undefined;
        this.unpause('socket');
      }
    }, 10);
  }

  private pause(why: 'socket' | 'detached'): void {
    if (this.pausedFor.size === 0 && !this.ended) this.pty.pause();
    this.pausedFor.add(why);
  }

  private unpause(why: 'socket' | 'detached'): void {
    if (!this.pausedFor.delete(why)) return;
    if (this.pausedFor.size === 0 && !this.ended) this.pty.resume();
  }

  get paused(): boolean {
    return this.pausedFor.size > 0;
  }

  /** When the trainee last typed or sent a control frame (ms since the epoch; the class page shows it). */
  lastActivity = Date.now();

  private touch(): void {
    this.lastActivity = Date.now();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.socket?.close(CLOSE_IDLE, 'idle timeout');
      void this.end();
    }, this.limits.idleSeconds * 1000);
    this.idleTimer.unref?.();
  }

  /** Ends the shell and everything it started; `closeCode` closes an attached socket first. */
  async end(closeCode?: number, reason = ''): Promise<void> {
    if (this.ended) return this.done;
    this.ended = true;
    clearTimeout(this.graceTimer);
    clearTimeout(this.idleTimer);
    clearInterval(this.drainTimer);
    this.stopInputWait();
    if (closeCode !== undefined) this.socket?.close(closeCode, reason);
    this.socket = undefined;
    this.pending = [];
    this.onGone(this);
    try {
      this.pty.resume(); // a paused pty would keep a blocked writer from seeing the hangup
    } catch {
      /* already closed */
    }
    await killTree(this.pid, { marker: `KVLAB_SESSION=${this.id}`, sessionUid: this.uid, uid: this.lastOfUid?.(this) });
    // Whatever escaped the walk (left the session, cleared its environment) is still in here.
    await this.cgroup?.killAll();
    try {
      this.pty.kill('SIGKILL');
    } catch {
      /* gone */
    }
    this.resolveDone();
  }
}
