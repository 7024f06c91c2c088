// File reads and writes as a trainee's uid through one long-lived helper per trainee, instead of
// one /bin/sh per request. Why: spawning from the gateway forks a 150 MiB process, and Node's
// spawn blocks the event loop until the child has exec'd — 30 ms per spawn on a loaded 2-core
// machine (5 ms at 40 MiB), so 100 trainees saving every 2 s (50 spawns/s) stalled the loop for
// seconds: connect timeouts, resets and a p95 of 15 s (`npm run bench gateway-workspace`). Each
// helper is a small `sh` running as the trainee's uid; its own forks (cat, mv) cost the gateway
// nothing. Contents never cross the pipe: the gateway stages them in STATE/workspace-io/<its own>
// (root, 0711, not listable), one file per request with a random name, owned by the trainee's uid and
// mode 0600 — so only that trainee (and root) can open it, and the read or write in the home is
// still done by the trainee's uid (a symlink into another home leads nowhere).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fchownSync, fstatSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The helper's loop. Requests are one line (paths are checked plain names: no space, no newline). */
const SCRIPT = [
  'umask 022',
  'while read -r op rel io; do',
  '  case "$op" in',
  // r: exit 3 missing, 4 not a regular file; head stops one byte past the cap ($1)
  '  r) if [ ! -e "$rel" ]; then c=3; elif [ ! -f "$rel" ]; then c=4; else head -c "$1" -- "$rel" 2>&1 >"$io"; c=$?; fi ;;',
  // w: a temporary file renamed over the target (a link there is replaced, never followed)
  '  w) d="${rel%/*}"; c=0',
  '     [ -d "$d" ] || mkdir -p -- "$d" 2>&1 || c=5',
  '     if [ $c = 0 ]; then t="$rel.kvlab-save.$$"',
  '       if ! cat -- "$io" 2>&1 >"$t"; then rm -f -- "$t"; c=6; elif ! mv -f -- "$t" "$rel" 2>&1; then rm -f -- "$t"; c=7; fi',
  '     fi ;;',
  '  *) c=2 ;;',
  '  esac',
  "  printf '\\001done %s\\n' \"$c\"",
  'done',
].join('\n');

/**
 * The same loop in Perl (perl-base is part of every Debian, the gateway image's base): no
 * process per request at all, where the sh loop runs cat and mv for each save (~5 ms of CPU).
 */
const PERL = String.raw`
use strict; $| = 1; umask 022;
my $cap = $ARGV[1];
while (my $line = <STDIN>) {
  chomp $line;
  my ($op, $rel, $io) = split / /, $line, 3;
  my $c = 0;
  if ($op eq 'r') {
    if (!-e $rel) { $c = 3 } elsif (!-f $rel) { $c = 4 }
    elsif (open(my $in, '<:raw', $rel)) {
      my $buf = ''; my $n = read($in, $buf, $cap); close $in;
      if (!defined $n) { print "$rel: $!\n"; $c = 1 }
      elsif (open(my $out, '>:raw', $io)) { print $out $buf; close $out or $c = 1 }
      else { print "$!\n"; $c = 1 }
    } else { print "$rel: $!\n"; $c = 1 }
  } elsif ($op eq 'w') {
    my @parts = split m{/}, $rel; pop @parts; my $d = '';
    for my $p (@parts) { $d = $d eq '' ? $p : "$d/$p"; next if -d $d; if (!mkdir($d, 0755)) { print "$d: $!\n"; $c = 5; last } }
    if ($c == 0) {
      my $t = "$rel.kvlab-save.$$"; my $buf = '';
      if (open(my $in, '<:raw', $io)) { local $/; $buf = <$in> // ''; close $in } else { print "$!\n"; $c = 6 }
      if ($c == 0) {
        if (open(my $out, '>:raw', $t)) { print $out $buf; if (!close $out) { print "$t: $!\n"; unlink $t; $c = 6 } }
        else { print "$t: $!\n"; $c = 6 }
      }
      if ($c == 0 && !rename($t, $rel)) { print "$rel: $!\n"; unlink $t; $c = 7 }
    }
  } else { $c = 2 }
  print "\x01done $c\n";
}
`;

const PERL_BIN = '/usr/bin/perl';

export interface IoResult {
  code: number;
  /** What the helper's commands printed on stderr. */
  message: string;
  /** r: the bytes read (at most cap + 1). */
  data?: Buffer;
}

interface Waiter {
  ok(r: { code: number; message: string }): void;
  fail(e: Error): void;
}

class Helper {
  private buf = '';
  private message = '';
  private readonly waiting: Waiter[] = [];
  exited = false;
  idleTimer: NodeJS.Timeout | undefined;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => this.data(d));
    child.stderr.on('data', () => {}); // the loop sends its commands' errors to stdout
    child.stdin.on('error', () => {});
    child.on('error', (e) => this.gone(e));
    child.on('exit', (code, signal) => this.gone(new Error(`the file helper ended (${signal ?? `exit ${code}`})`)));
  }

  private data(d: string): void {
    this.buf += d;
    let i;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      const m = /^\x01done (\d+)$/.exec(line);
      if (!m) {
        this.message += (this.message ? '\n' : '') + line;
        continue;
      }
      const w = this.waiting.shift();
      const message = this.message.slice(0, 2000);
      this.message = '';
      w?.ok({ code: Number(m[1]), message });
    }
  }

  private gone(e: Error): void {
    this.exited = true;
    for (const w of this.waiting.splice(0)) w.fail(e);
  }

  request(line: string): Promise<{ code: number; message: string }> {
    if (this.exited) return Promise.reject(new Error('the file helper ended'));
    return new Promise((ok, fail) => {
      this.waiting.push({ ok, fail });
      this.child.stdin.write(`${line}\n`);
    });
  }
}

export class UidIo {
  private readonly helpers = new Map<string, Helper>();
  private readonly idleMs: number;
  private readonly stage: string;
  /** Helpers started so far (a test reads it: one per trainee, not one per save). */
  started = 0;

  /** 'perl' when /usr/bin/perl exists, else 'sh' (the tests run both). */
  readonly loop: 'perl' | 'sh';

  constructor(stateDir: string, private readonly readCap: number, opts: { idleMs?: number; loop?: 'perl' | 'sh' } = {}) {
    this.idleMs = opts.idleMs ?? 60_000;
    this.loop = opts.loop ?? (existsSync(PERL_BIN) ? 'perl' : 'sh');
    // a folder of this gateway's own: replicas share the state dir
    mkdirSync(join(stateDir, 'workspace-io'), { recursive: true, mode: 0o711 });
    this.stage = join(stateDir, 'workspace-io', `${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(this.stage, { mode: 0o711 });
  }

  private helper(user: string, uid: number, home: string): Helper {
    let h = this.helpers.get(user);
    if (!h || h.exited) {
      // the read cap + 1 is the loop's argument; the environment holds nothing of the gateway
      const cap = String(this.readCap + 1);
      const [file, args] = this.loop === 'perl' ? [PERL_BIN, ['-e', PERL, 'kvlab-files', cap]] : ['/bin/sh', ['-c', SCRIPT, 'kvlab-files', cap]];
      const child = spawn(file, args, { uid, gid: uid, cwd: home, env: { PATH: '/usr/bin:/bin', HOME: home, LC_ALL: 'C' }, stdio: ['pipe', 'pipe', 'pipe'] });
      h = new Helper(child);
      this.started++;
      this.helpers.set(user, h);
      const mine = h;
      child.on('exit', () => {
        clearTimeout(mine.idleTimer);
        if (this.helpers.get(user) === mine) this.helpers.delete(user);
      });
    }
    // an idle helper goes away (its stdin closed: the loop ends)
    clearTimeout(h.idleTimer);
    const idle = h;
    h.idleTimer = setTimeout(() => idle.child.stdin.end(), this.idleMs);
    h.idleTimer.unref();
    return h;
  }

  /** A staged file only `uid` (and root) can open, in a folder no trainee can list. */
  private staged(uid: number, content?: string): string {
    const p = join(this.stage, randomBytes(16).toString('hex'));
    const fd = openSync(p, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      fchownSync(fd, uid, uid);
      if (content !== undefined) writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return p;
  }

  /**
   * Runs one request; a helper that ended (the trainee's last session sweeps every process of
   * their uid) is replaced once and the request sent again (a read or a whole-file write is
   * idempotent).
   */
  private async run(user: string, uid: number, home: string, line: string): Promise<{ code: number; message: string }> {
    try {
      return await this.helper(user, uid, home).request(line);
    } catch {
      return this.helper(user, uid, home).request(line);
    }
  }

  /** Reads at most `cap` + 1 bytes of home/rel as `uid`. */
  async read(user: string, uid: number, home: string, rel: string): Promise<IoResult> {
    const cap = this.readCap;
    const out = this.staged(uid);
    try {
      const r = await this.run(user, uid, home, `r ${rel} ${out}`);
      if (r.code !== 0) return r;
      // the trainee may have grown the staged file meanwhile: read no more than cap + 1
      const fd = openSync(out, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        const size = Math.min(fstatSync(fd).size, cap + 1);
        const data = Buffer.alloc(size);
        let n = 0;
        while (n < size) {
          const k = readSync(fd, data, n, size - n, null);
          if (k <= 0) break;
          n += k;
        }
        return { ...r, data: data.subarray(0, n) };
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(out, { force: true });
    }
  }

  async write(user: string, uid: number, home: string, rel: string, text: string): Promise<IoResult> {
    const input = this.staged(uid, text);
    try {
      return await this.run(user, uid, home, `w ${rel} ${input}`);
    } finally {
      rmSync(input, { force: true });
    }
  }

  close(): void {
    for (const h of this.helpers.values()) {
      clearTimeout(h.idleTimer);
      h.child.stdin.end();
    }
    this.helpers.clear();
    rmSync(this.stage, { recursive: true, force: true });
  }
}
