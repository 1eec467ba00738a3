/**
 * The whiteboard load generators (./load-clients): in the bench process, or
 * in forked workers (./load-worker) that each own whole rooms. Also the small
 * IPC request/answer helper the forked bench workers share.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopChild } from './app-target';
import { onCleanup, ROOT } from './common';
import { LoadClients, type ClientConfig, type ClientResult, type Schedule } from './load-clients';

/** Forks a bench worker script (TypeScript, through tsx) that is stopped on cleanup. */
export function forkWorker(script: string, label: string): ChildProcess {
  const child = fork(path.join(ROOT, script), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  onCleanup(`stop ${label} ${child.pid}`, () => stopChild(child, label));
  return child;
}

/** Sends `message` and resolves with the `result` of the first reply of type `expect` (or rejects on `error`/exit). */
export function askChild<T>(child: ChildProcess, message: unknown, expect: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (reply: { type: string; message?: string; result?: unknown }) => {
      if (reply.type === 'error') return cleanup(), reject(new Error(`worker ${child.pid}: ${reply.message}`));
      if (reply.type === expect) return cleanup(), resolve(reply.result as T);
    };
    const onExit = (code: number | null) => (cleanup(), reject(new Error(`worker ${child.pid} exited (${code})`)));
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message as never);
  });
}

/** Closes a worker through its 'close' message and waits for it to exit. */
export async function closeWorkers(children: ChildProcess[]): Promise<void> {
  for (const child of children) if (child.connected) child.send({ type: 'close' });
  await Promise.all(children.map((child) => new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())))));
}

export interface Generators {
  pids: number[];
  run(schedule: Schedule): Promise<ClientResult[]>;
  close(): Promise<void>;
}

export async function startGenerators(config: ClientConfig, workers: number): Promise<Generators> {
  if (workers === 1) {
    const clients = await LoadClients.connect(config);
    return { pids: [process.pid], run: async (s) => [await clients.run(s)], close: async () => clients.close() };
  }
  const parts = Array.from({ length: workers }, (_, w) => config.rooms.filter((_, i) => i % workers === w)).filter((r) => r.length);
  const children = parts.map((rooms) => ({ child: forkWorker('bench/lib/load-worker.ts', 'load worker'), rooms }));
  await Promise.all(children.map(({ child, rooms }) => askChild(child, { type: 'connect', config: { ...config, rooms, seed: config.seed + child.pid! } }, 'ready')));
  return {
    pids: children.map((c) => c.child.pid!),
    run: (schedule) => Promise.all(children.map(({ child }) => askChild<ClientResult>(child, { type: 'run', schedule }, 'result'))),
    close: () => closeWorkers(children.map((c) => c.child)),
  };
}
