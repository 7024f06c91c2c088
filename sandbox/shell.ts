// The sandbox shell: a bash-like prompt over the sandbox's files and simulated cluster, in the
// trainee's namespace. Pure (no DOM): the terminal island feeds it keystrokes and clock ticks
// and writes what it prints to xterm; tests drive it the same way. With validators that answer
// asynchronously (the page's worker) kubectl apply is a job that ends by itself: while it runs
// the simulated clock stands still and keystrokes wait, so it behaves as if it answered at once.
import { KUBECTL_VERBS, RESOURCE_NAMES, kubectl } from './kubectl.ts';
import { LineEditor } from './line-editor.ts';
import { Sandbox, type SandboxState } from './sandbox.ts';
import type { CommandContext, EditFn, Job, ValidateFn } from './types.ts';
import { VIRTCTL_VERBS, virtctl } from './virtctl.ts';
import { Vfs, VfsError } from './vfs.ts';
import { FILTERS, UNSIMULATED_FILTERS, notSimulatedFilter, splitStderr } from './filters.ts';
import { notSimulated } from './kubectl/not-simulated.ts';
import { runPipeline, type PipelineShell } from './pipeline.ts';
import { SyntaxError_, expandBody, heredocsOf, parseList, splitHeredocs, tokenize, type ListItem } from './words.ts';

export const DEFAULT_SPEED = 10;
export const MAX_HISTORY = 500;

export interface ShellState {
  version: 1;
  user: string;
  cwd: string;
  env: Record<string, string>;
  history: string[];
  speed: number;
  epochMs: number;
  sandbox: SandboxState;
  vfs: { dirs: string[]; files: Record<string, string> };
  /** The editors' files as last synced (so a shell edit is kept until the editor changes the file). */
  synced: Record<string, string>;
  /** kubectl config set-context --namespace: the context's namespace, when set. */
  kubeNamespace?: string;
}

export interface ShellOptions {
  user: string;
  write(text: string): void;
  validate: ValidateFn;
  /** The editors' files, relative to the home folder (labs/lab08/…); read before each command. */
  files?: () => Record<string, string>;
  seed?: number;
  speed?: number;
  epochMs?: number;
  state?: ShellState;
  /**
   * Where the lab's files come from, relative to the home folder (labs/lab08/cloudinit-probe.yaml
   * → "Task 8.1's editor (cloudinit-probe.yaml tab)"): named when a command misses such a file.
   */
  origins?: () => Record<string, string>;
  /** `kubectl edit`'s editor (the page's); without it, edit says the shell has none. */
  edit?: EditFn;
}

const BUILTINS = ['cd', 'pwd', 'ls', 'cat', 'mkdir', 'echo', 'export', 'env', 'history', 'clear', 'help', 'speed', 'sleep', 'rm', 'touch', 'date', 'whoami', 'true', 'false', 'exit', 'reset-sandbox'];
const COMMANDS = [...BUILTINS, 'kubectl', 'virtctl'].sort();

export class Shell {
  readonly user: string;
  readonly vfs: Vfs;
  sandbox: Sandbox;
  env: Record<string, string>;
  history: string[];
  speed: number;
  epochMs: number;
  private readonly editor: LineEditor;
  private job: Job | undefined;
  private lastCode = 0;
  private synced: Record<string, string>;
  private pending: string[] = [];
  /** Simulated seconds that passed while a job that holds the clock ran (see Job.done). */
  private held = 0;
  /** Keystrokes and page commands that came while such a job ran, in order. */
  private typeahead: ({ data: string } | { command: string })[] = [];
  /** Writes the rest of a job's output to its redirect when it ends. */
  private afterJob: (() => void) | undefined;
  /** The rest of the command line after a job (`apply -f x && get vm`, `sleep 5; get vmi`). */
  private restOfLine: ListItem[] | undefined;
  /** The lines of a command whose here-document has not ended yet (the prompt is "> "). */
  private heredocLines: string[] | undefined;
  /** The kubeconfig context's namespace (kubectl config set-context --current --namespace=NS). */
  private readonly kubeconfig: { namespace?: string } = {};

  constructor(private readonly opts: ShellOptions) {
    const s = opts.state;
    this.user = opts.user;
    const home = `/home/${opts.user}`;
    this.vfs = new Vfs(home);
    this.env = { USER: opts.user, HOME: home, SHELL: '/bin/bash', PATH: '/usr/local/bin:/usr/bin:/bin', TERM: 'xterm-256color', ...(s?.env ?? {}) };
    this.env.USER = opts.user;
    this.history = Array.isArray(s?.history) ? s.history.filter((h) => typeof h === 'string').slice(-MAX_HISTORY) : [];
    this.speed = s && s.speed > 0 ? s.speed : (opts.speed ?? DEFAULT_SPEED);
    this.epochMs = s?.epochMs ?? opts.epochMs ?? Date.now();
    this.sandbox = s?.sandbox ? Sandbox.restore(s.sandbox) : new Sandbox(opts.seed ?? 1);
    this.synced = s?.synced ?? {};
    if (typeof s?.kubeNamespace === 'string') this.kubeconfig.namespace = s.kubeNamespace;
    if (s?.vfs) this.vfs.restore(s.vfs);
    if (s?.cwd && this.vfs.isDir(s.cwd)) this.vfs.cwd = s.cwd;
    this.env.PWD = this.vfs.cwd;
    this.editor = new LineEditor((t) => this.out(t), this.history);
    this.syncFiles();
  }

  get namespace(): string {
    return this.user;
  }

  /** A foreground command (a watch, the console, sleep) is running. */
  get busy(): boolean {
    return this.job !== undefined;
  }

  /** The running command has its own line editor (the guest console): typed lines go to it. */
  get inConsole(): boolean {
    return !!this.job?.raw;
  }

  /** The running command ends by itself (an apply awaiting its validators, explain loading). */
  get awaiting(): boolean {
    return !!this.job?.done;
  }

  /** $? (the exit code of the last command). */
  get exitCode(): number {
    return this.lastCode;
  }

  private out(text: string): void {
    if (this.captured !== undefined) this.captured += text;
    else this.opts.write(text.replace(/\r?\n/g, '\r\n'));
  }

  /** What a command substitution's command prints while it runs (out() collects it). */
  private captured: string | undefined;

  /**
   * `$(cmd)`: runs cmd and gives what it printed; its error lines go to the terminal (bash's
   * stderr is not captured) and $? is its exit status. A command that runs on (a watch) is
   * stopped at once and says so.
   */
  private substitute(text: string): string {
    const outer = this.captured;
    this.captured = '';
    let code = 0;
    let printed: string;
    try {
      const env = { ...this.env, '?': String(this.lastCode) };
      for (const item of parseList(tokenize(text, env, (t) => this.substitute(t)))) {
        if ((item.join === '&&' && code !== 0) || (item.join === '||' && code === 0)) continue;
        const r = runPipeline(item.pipeline, this.pipes, (t) => this.out(t), false);
        if (typeof r === 'number') code = r;
        else {
          r.interrupt();
          this.out(`${notSimulated('a command that runs on (a watch, a console, sleep) inside $(…)')}\n`);
          code = 1;
        }
      }
    } finally {
      printed = this.captured ?? '';
      this.captured = outer;
    }
    const { stdout, stderr } = splitStderr(printed, code);
    this.out(stderr);
    this.lastCode = code;
    return stdout;
  }

  prompt(): string {
    return `\x1b[1;32m${this.user}@sandbox\x1b[0m:\x1b[1;34m${this.vfs.pretty(this.vfs.cwd)}\x1b[0m$ `;
  }

  /** Prints the greeting and the first prompt. */
  start(greeting?: string): void {
    if (greeting) this.out(`${greeting}\n`);
    this.editor.start(this.prompt());
  }

  /** Puts the editors' current files in place; a file the editor did not change keeps shell edits. */
  syncFiles(): void {
    const files = this.opts.files?.() ?? {};
    for (const [path, text] of Object.entries(files)) {
      if (this.synced[path] === text && this.vfs.isFile(`~/${path}`)) continue;
      try {
        this.vfs.put(`~/${path}`, text);
        this.synced[path] = text;
      } catch {
        /* a folder of the same name: the shell's wins */
      }
    }
  }

  /** Terminal input (keystrokes, pasted text). */
  input(data: string): void {
    if (this.job) {
      const job = this.job;
      if (job.raw) return this.finishJob(job.input(data));
      if (data.includes('\x03')) {
        job.interrupt();
        this.out('^C\n');
        this.job = undefined;
        this.lastCode = 130;
        this.pending = [];
        this.restOfLine = undefined;
        this.typeahead = []; // as a tty drops typed-ahead input on an interrupt
        this.endJob();
        this.editor.start(this.prompt());
        if (job.done) this.release();
      } else if (job.done) this.typeahead.push({ data }); // for the prompt after it
      return; // typing while a command runs is dropped (no type-ahead in the sandbox)
    }
    // line by line, so a pasted block's output follows each line (and a here-document's body
    // gets its "> " prompts) as in a terminal
    for (const chunk of data.split(/(?<=\r)/)) this.feed(chunk);
  }

  private feed(data: string): void {
    this.editor.literalTabs = !!this.heredocLines; // a here-document's body keeps its tabs (<<- strips them)
    for (const ev of this.editor.feed(data)) {
      if (this.job) {
        if (ev.type === 'submit') this.pending.push(ev.line);
        continue;
      }
      switch (ev.type) {
        case 'submit':
          this.submit(ev.line);
          break;
        case 'interrupt':
          this.lastCode = 130;
          this.heredocLines = undefined;
          this.editor.start(this.prompt());
          break;
        case 'tab':
          this.complete();
          break;
        case 'clear':
          this.out('\x1b[H\x1b[2J');
          this.editor.redraw();
          break;
        case 'eof':
          if (this.heredocLines) {
            // Ctrl-D ends the here-document, as bash does, with its warning
            const text = this.heredocLines.join('\n');
            this.heredocLines = undefined;
            this.out('\n');
            this.execute(text);
            if (!this.job) this.editor.start(this.prompt());
            break;
          }
          this.out('\n(the sandbox shell stays open; hide the terminal with its button)\n');
          this.editor.start(this.prompt());
          break;
        case 'escape':
          break;
      }
    }
  }

  /** A command from the page ("Run in terminal"): into the guest when the console is open, else run here. */
  run(command: string): void {
    if (this.job?.done) {
      this.typeahead.push({ command }); // runs after the command that is answering
      return;
    }
    const text = command.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
    if (this.job?.raw) {
      this.input(`${text.split('\n').join('\r')}\r`);
      return;
    }
    if (this.job) this.input('\x03');
    if (this.editor.buf) this.editor.set('');
    this.input(`${text.split('\n').join('\r')}\r`);
  }

  /** Moves the simulated clock by `realSeconds` × speed and lets a running command follow it. */
  tick(realSeconds: number): void {
    this.advance(realSeconds * this.speed);
  }

  /**
   * Moves the simulated clock by `simSeconds` (whole steps of at most 1 s, so watches see each
   * change). While a job that ends by itself runs, the time is kept for when it has ended.
   */
  advance(simSeconds: number): void {
    let left = simSeconds;
    while (left > 1e-9) {
      if (this.job?.done) {
        this.held += left;
        return;
      }
      const dt = Math.min(1, left);
      this.sandbox.advance(dt);
      left -= dt;
      if (this.job) this.finishJob(this.job.tick());
    }
  }

  /** A job that ends by itself: the shell goes on when it settles (unless Ctrl-C ended it first). */
  private follow(job: Job): void {
    job.done!.then(
      (code) => this.job === job && this.finishJob(code),
      () => this.job === job && this.finishJob(1),
    );
  }

  /** After a job that held the clock: the time that passed meanwhile, then what was typed. */
  private release(): void {
    if (this.job?.done) return; // the next such job (a pasted line) holds them on
    const held = this.held;
    this.held = 0;
    if (held > 0) this.advance(held);
    for (const t of this.typeahead.splice(0)) {
      if ('data' in t) this.input(t.data);
      else this.run(t.command);
    }
  }

  private endJob(): void {
    const after = this.afterJob;
    this.afterJob = undefined;
    after?.();
  }

  private finishJob(code: number | undefined): void {
    if (code === undefined || !this.job) return;
    const ended = this.job;
    this.job = undefined;
    this.lastCode = code;
    this.endJob();
    const rest = this.restOfLine;
    this.restOfLine = undefined;
    if (rest) {
      // the same line goes on as if the command had answered at once (no prompt, && and || kept)
      this.executeItems(rest);
      if (this.job) {
        if (ended.done) this.release();
        return;
      }
    }
    // lines typed ahead (or the rest of a pasted block) run now, each after its own prompt
    const next = this.pending.splice(0);
    for (let i = 0; i < next.length; i++) {
      this.out(`${this.promptNow()}${next[i]}\n`);
      this.submit(next[i]!, false);
      if (this.job) {
        this.pending.push(...next.slice(i + 1));
        if (ended.done) this.release();
        return;
      }
    }
    this.editor.start(this.promptNow());
    if (ended.done) this.release();
  }

  /** The prompt for the next line: "> " while a here-document is being typed (bash's PS2). */
  private promptNow(): string {
    return this.heredocLines ? '> ' : this.prompt();
  }

  private submit(line: string, prompt = true): void {
    if (this.heredocLines) {
      // a line of a here-document: the command runs when its delimiter's line has come
      this.heredocLines.push(line);
      const text = this.heredocLines.join('\n');
      if (splitHeredocs(text).complete) {
        this.heredocLines = undefined;
        this.execute(text);
      }
      if (!this.job && prompt) this.editor.start(this.promptNow());
      return;
    }
    const trimmed = line.trim();
    if (trimmed && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > MAX_HISTORY) this.history.splice(0, this.history.length - MAX_HISTORY);
    }
    if (trimmed && heredocsOf(line).length) this.heredocLines = [line];
    else if (trimmed) this.execute(line);
    if (!this.job && prompt) this.editor.start(this.promptNow());
  }

  /** Runs one command (no echo), here-document bodies on the lines after the first; prints its output. */
  execute(text: string): void {
    this.syncFiles();
    let items;
    try {
      const env = { ...this.env, '?': String(this.lastCode) };
      const { line, heredocs, bodies, complete } = splitHeredocs(text);
      if (!complete) this.out(`bash: warning: here-document at line 1 delimited by end-of-file (wanted \`${heredocs[bodies.length - 1]!.delim}')\n`);
      items = parseList(tokenize(line, env, (t) => this.substitute(t)), bodies.map((b, i) => (heredocs[i]!.quoted ? b : expandBody(b, env))));
    } catch (e) {
      this.out(`bash: ${(e as Error).message}\n`);
      this.lastCode = e instanceof SyntaxError_ ? 2 : 1;
      return;
    }
    this.executeItems(items);
  }

  private executeItems(items: ListItem[]): void {
    for (const [i, item] of items.entries()) {
      if (item.join === '&&' && this.lastCode !== 0) continue;
      if (item.join === '||' && this.lastCode === 0) continue;
      const result = runPipeline(item.pipeline, this.pipes, (t) => this.out(t));
      if (typeof result === 'number') this.lastCode = result;
      else {
        this.job = result;
        // the rest of the line waits for the job (as sh runs it after the foreground command)
        const rest = items.slice(i + 1);
        if (rest.length) this.restOfLine = rest;
        if (result.done) this.follow(result);
        return;
      }
    }
  }

  /** ls [-l] [-R] [-a…] [PATH…]: -R lists every folder below, each under its own "path:" heading. */
  private ls(args: string[], io: { out(t: string): void }): number {
    const flags = args.filter((a) => a.startsWith('-') && a !== '-').join('');
    const paths = args.filter((a) => !a.startsWith('-') || a === '-');
    const recursive = flags.includes('R') || args.includes('--recursive');
    const long = /^-[^-]*l/.test(flags) || args.some((a) => /^-[^-]*l/.test(a));
    let code = 0;
    const targets = paths.length ? paths : ['.'];
    const dirs: string[] = [];
    const files: string[] = [];
    for (const p of targets) {
      if (!this.vfs.exists(p)) {
        io.out(`ls: cannot access '${p}': No such file or directory${this.whereFrom(p)}\n`);
        code = 2;
      } else (this.vfs.isDir(p) ? dirs : files).push(p);
    }
    const block = (base: string | undefined, names: string[]) => {
      if (long) {
        for (const n of names) {
          const full = base === undefined ? n : `${base.replace(/\/$/, '')}/${n.replace(/\/$/, '')}`;
          const dir = n.endsWith('/') || this.vfs.isDir(full);
          const size = dir ? 4096 : new TextEncoder().encode(this.vfs.read(full)).length;
          io.out(`${dir ? 'drwxr-xr-x' : '-rw-r--r--'} 1 ${this.user} ${this.user} ${String(size).padStart(6)} ${n.replace(/\/$/, '')}\n`);
        }
      } else if (names.length) io.out(`${names.map((n) => (n.endsWith('/') ? `\x1b[1;34m${n.slice(0, -1)}\x1b[0m` : n)).join('  ')}\n`);
    };
    if (files.length) block(undefined, files);
    // each folder, and with -R every folder below it (depth first, as GNU ls), with a heading
    // when there is more than one listing
    const headed = recursive || targets.length > 1;
    let first = files.length === 0;
    for (const top of dirs) {
      const stack = [top];
      while (stack.length) {
        const d = stack.shift()!;
        const names = this.vfs.list(d);
        if (!first) io.out('\n');
        first = false;
        if (headed) io.out(`${d}:\n`);
        block(d, names);
        if (recursive) {
          const subs = names.filter((n) => n.endsWith('/')).map((n) => `${d.replace(/\/$/, '')}/${n.slice(0, -1)}`);
          stack.unshift(...subs);
        }
      }
    }
    return code;
  }

  /** What a pipeline needs of the shell (pipeline.ts). */
  private get pipes(): PipelineShell {
    return {
      command: (argv, io, stdin) => this.command(argv, io, stdin),
      terminal: (t) => this.out(t),
      vfs: this.vfs,
      whereFrom: (p) => this.whereFrom(p),
      afterJob: (f) => void (this.afterJob = f),
    };
  }

  private ctx(io: { out(t: string): void }, stdin?: string): CommandContext {
    return { sandbox: this.sandbox, vfs: this.vfs, namespace: this.namespace, user: this.user, io, kubeconfig: this.kubeconfig, ...(stdin !== undefined ? { stdin } : {}), validate: this.opts.validate, epochMs: this.epochMs, whereFrom: (p) => this.whereFrom(p), ...(this.opts.edit ? { edit: this.opts.edit } : {}) };
  }

  /** " — this file is the one you write in …; type it there first", for a missing lab file. */
  whereFrom(path: string): string {
    const abs = this.vfs.resolve(path);
    const origins = this.opts.origins?.() ?? {};
    for (const [rel, where] of Object.entries(origins)) {
      if (this.vfs.resolve(`~/${rel}`) === abs) return ` — this file is the one you write in ${where}; type it there first`;
    }
    return '';
  }

  /** `io.tty`: the output goes to the terminal (cat then ends a last line without its newline, for the prompt). */
  private command(argv: string[], io: { out(t: string): void; tty?: boolean }, stdin?: string): number | Job {
    const [cmd, ...args] = argv;
    const filter = cmd !== undefined && Object.hasOwn(FILTERS, cmd) ? FILTERS[cmd]! : undefined;
    if (filter) {
      const r = filter(args, { stdin, read: (p) => this.vfs.read(p), write: (p, t, append) => this.vfs.write(p, t, append) });
      io.out(r.out);
      return r.code;
    }
    if (cmd && UNSIMULATED_FILTERS.has(cmd)) {
      io.out(`${notSimulatedFilter(cmd)}\n`);
      return 1;
    }
    const fail = (m: string, code = 1) => {
      io.out(`${m}\n`);
      return code;
    };
    try {
      switch (cmd) {
        case 'kubectl':
        case 'k':
          return kubectl(this.ctx(io, stdin), args);
        case 'virtctl':
          return virtctl(this.ctx(io, stdin), args);
        case 'cd': {
          const to = args[0] === undefined ? '~' : args[0] === '-' ? (this.env.OLDPWD ?? this.vfs.cwd) : args[0];
          if (!this.vfs.exists(to)) return fail(`bash: cd: ${to}: No such file or directory`);
          if (!this.vfs.isDir(to)) return fail(`bash: cd: ${to}: Not a directory`);
          this.env.OLDPWD = this.vfs.cwd;
          this.vfs.cwd = this.vfs.resolve(to);
          this.env.PWD = this.vfs.cwd;
          return 0;
        }
        case 'pwd':
          io.out(`${this.vfs.cwd}\n`);
          return 0;
        case 'ls':
          return this.ls(args, io);
        case 'cat': {
          let code = 0;
          if (!args.length && stdin !== undefined) io.out(stdin);
          for (const p of args) {
            if (p === '-') {
              io.out(stdin ?? '');
              continue;
            }
            try {
              const t = this.vfs.read(p);
              io.out(t.endsWith('\n') || !t || !io.tty ? t : `${t}\n`);
            } catch (e) {
              io.out(`cat: ${(e as VfsError).message}${this.vfs.exists(p) ? '' : this.whereFrom(p)}\n`);
              code = 1;
            }
          }
          return code;
        }
        case 'mkdir': {
          const parents = args.includes('-p');
          let code = 0;
          for (const p of args.filter((a) => !a.startsWith('-'))) {
            try {
              this.vfs.mkdir(p, parents);
            } catch (e) {
              io.out(`mkdir: ${(e as VfsError).message}\n`);
              code = 1;
            }
          }
          return args.some((a) => !a.startsWith('-')) ? code : fail('mkdir: missing operand');
        }
        case 'touch':
          for (const p of args) if (!this.vfs.exists(p)) this.vfs.write(p, '');
          return 0;
        case 'rm': {
          let code = 0;
          for (const p of args.filter((a) => !a.startsWith('-'))) {
            try {
              this.vfs.remove(p);
            } catch (e) {
              io.out(`rm: ${(e as VfsError).message}\n`);
              code = 1;
            }
          }
          return code;
        }
        case 'echo': {
          const n = args[0] === '-n';
          io.out(`${(n ? args.slice(1) : args).join(' ')}${n ? '' : '\n'}`);
          return 0;
        }
        case 'export':
          for (const a of args) {
            const eq = a.indexOf('=');
            if (eq > 0) this.env[a.slice(0, eq)] = a.slice(eq + 1);
          }
          return 0;
        case 'env':
          io.out(`${Object.entries(this.env).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
          return 0;
        case 'history':
          if (args[0] === '-c') {
            this.history.splice(0);
            return 0;
          }
          io.out(this.history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}\n`).join(''));
          return 0;
        case 'clear':
          io.out('\x1b[H\x1b[2J');
          return 0;
        case 'whoami':
          io.out(`${this.user}\n`);
          return 0;
        case 'true':
          return 0;
        case 'false':
          return 1;
        case 'date':
          io.out(`${new Date(this.epochMs + this.sandbox.now * 1000).toUTCString().replace('GMT', 'UTC')}  (simulated time ${formatClock(this.sandbox.now)})\n`);
          return 0;
        case 'speed': {
          if (!args.length) {
            io.out(`simulated time runs ${this.speed}x real time (speed N sets it, 1 to 600)\n`);
            return 0;
          }
          const v = Number(args[0]?.replace(/x$/, ''));
          if (!Number.isFinite(v) || v < 1 || v > 600) return fail(`speed: "${args[0]}" is not a speed between 1 and 600`, 2);
          this.speed = v;
          io.out(`simulated time now runs ${v}x real time\n`);
          return 0;
        }
        case 'sleep': {
          const s = Number(args[0]?.replace(/s$/, ''));
          if (!Number.isFinite(s) || s < 0) return fail(`sleep: invalid time interval '${args[0] ?? ''}'`);
          const until = this.sandbox.now + s;
          return { tick: () => (this.sandbox.now >= until - 1e-9 ? 0 : undefined), input: () => undefined, interrupt: () => {} };
        }
        case 'reset-sandbox':
          this.sandbox = new Sandbox(this.sandbox.seed);
          io.out('the sandbox cluster is empty again (your files are kept)\n');
          return 0;
        case 'exit':
        case 'logout':
          io.out('(the sandbox shell stays open; hide the terminal with its button)\n');
          return 0;
        case 'help':
          io.out(
            `kvlab sandbox shell: a simulated cluster in your namespace (${this.namespace}); nothing leaves this browser.\n` +
              `  kubectl apply|create secret generic|get|describe|delete    virtctl start|stop|restart|console\n` +
              `  ${BUILTINS.join(' ')}\n` +
              `  speed [N]: simulated time runs N times real time (now ${this.speed}x); sleep N waits N simulated seconds.\n` +
              `  Tab completes commands and file names; Up/Down walk the history; Ctrl-C stops a command; Ctrl-] leaves a console.\n`,
          );
          return 0;
        default:
          if (cmd && /^[A-Za-z_][A-Za-z0-9_]*=/.test(cmd) && !args.length) {
            const eq = cmd.indexOf('=');
            this.env[cmd.slice(0, eq)] = cmd.slice(eq + 1);
            return 0;
          }
          return fail(`bash: ${cmd}: command not found${['vi', 'vim', 'nano', 'emacs'].includes(cmd ?? '') ? ' (edit the lab files in the page\'s editors)' : ''}`, 127);
      }
    } catch (e) {
      return fail(`${cmd}: ${(e as Error).message}`);
    }
  }

  /** Tab: complete the word before the cursor (a command, a kubectl/virtctl verb, a resource type or a path). */
  private complete(): void {
    const before = this.editor.buf.slice(0, this.editor.cursor);
    const words = before.split(/\s+/);
    const word = words[words.length - 1] ?? '';
    const prev = words.slice(0, -1).filter(Boolean);
    let candidates: string[];
    let isPath = false;
    if (!prev.length) candidates = COMMANDS;
    else if ((prev[0] === 'kubectl' || prev[0] === 'k') && prev.length === 1) candidates = KUBECTL_VERBS;
    else if (prev[0] === 'virtctl' && prev.length === 1) candidates = VIRTCTL_VERBS;
    else if ((prev[0] === 'kubectl' || prev[0] === 'k') && ['get', 'describe', 'delete'].includes(prev[1] ?? '') && prev.length === 2 && !word.startsWith('-')) candidates = RESOURCE_NAMES;
    else if (prev[0] === 'virtctl' && prev.length === 2) candidates = this.sandbox.list('VirtualMachine', this.namespace).map((o) => o.name);
    else {
      isPath = true;
      candidates = [];
    }
    let prefix = word;
    let head = '';
    if (isPath) {
      const eq = word.lastIndexOf('=');
      head = eq >= 0 ? word.slice(0, eq + 1) : '';
      const path = word.slice(head.length);
      const slash = path.lastIndexOf('/');
      const dir = slash >= 0 ? path.slice(0, slash + 1) : '';
      head += dir;
      prefix = path.slice(dir.length);
      try {
        candidates = this.vfs.list(dir || '.');
      } catch {
        candidates = [];
      }
    }
    const matches = candidates.filter((c) => c.startsWith(prefix));
    if (!matches.length) return;
    let common = matches[0]!;
    for (const m of matches) while (!m.startsWith(common)) common = common.slice(0, -1);
    if (matches.length === 1) {
      const done = matches[0]!;
      const text = head + done + (done.endsWith('/') ? '' : ' ');
      this.editor.set(before.slice(0, before.length - word.length) + text + this.editor.buf.slice(this.editor.cursor), before.length - word.length + text.length);
    } else if (common.length > prefix.length) {
      const text = head + common;
      this.editor.set(before.slice(0, before.length - word.length) + text + this.editor.buf.slice(this.editor.cursor), before.length - word.length + text.length);
    } else {
      this.out(`\n${matches.join('  ')}\n`);
      this.editor.start(this.prompt());
      this.editor.set(before + this.editor.buf.slice(before.length), before.length);
    }
  }

  snapshot(): ShellState {
    return {
      version: 1,
      user: this.user,
      cwd: this.vfs.cwd,
      env: this.env,
      history: this.history.slice(-MAX_HISTORY),
      speed: this.speed,
      epochMs: this.epochMs,
      sandbox: this.sandbox.snapshot(),
      vfs: this.vfs.snapshot(),
      synced: this.synced,
      ...(this.kubeconfig.namespace !== undefined ? { kubeNamespace: this.kubeconfig.namespace } : {}),
    };
  }
}

/** Simulated seconds as m:ss (or h:mm:ss). */
export function formatClock(t: number): string {
  const s = Math.floor(t);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
