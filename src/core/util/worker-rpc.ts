/**
 * Requests to a worker as promises: each request gets an id its answers repeat, `progress` answers
 * go to the request's callback, `error` answers (a SerializedError) reject it as a RouterError and
 * any other answer resolves it. The workers' protocols (embed, embed-lite, search index) all follow
 * this shape, so the page-side clients share this one implementation.
 */
import { deserializeError, RouterError, type SerializedError } from '../errors';

/** The part of a Worker the clients use (a real Worker, or an in-process stand-in in tests). */
export interface WorkerPort<Req, Res> {
  postMessage(message: Req, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: Res }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

/** Every message either way names its kind and the request it belongs to. */
export type RpcMessage = { type: string; id: number };
/** A request as a client writes it: the id is the RPC's to give. */
export type Unnumbered<Req> = Req extends { id: number } ? Omit<Req, 'id'> : never;
export type ProgressOf<Res> = Extract<Res, { type: 'progress' }> extends { progress: infer P } ? P : never;
/** The answers that settle a request. */
export type AnswerOf<Res> = Exclude<Res, { type: 'progress' } | { type: 'error' }>;

export interface WorkerRpcOptions<Res> {
  /** What waiting requests fail with when the worker reports an error event (`message` is the event's). */
  crashError: (message: string) => RouterError;
  /**
   * true: a crashed or stopped worker is dropped and the next request starts a new one (a model can
   * be loaded again); false: it stays, and after a crash every request fails with that error
   * (the search index's rows lived in it).
   */
  restart: boolean;
  /** Runs on a crash, before waiting requests fail (clients forget a load in flight). */
  onCrash?: () => void;
  /** Messages no request waits on (the index's `changed`, id 0). */
  stray?: (res: Res) => void;
  /** Sees each answer just before its request resolves. */
  answered?: (res: AnswerOf<Res>) => void;
}

interface Pending<Res> {
  resolve: (response: AnswerOf<Res>) => void;
  reject: (error: RouterError) => void;
  onProgress?: (p: ProgressOf<Res>) => void;
}

export class WorkerRpc<Req extends RpcMessage, Res extends RpcMessage> {
  private worker: WorkerPort<Req, Res> | null = null;
  private id = 1;
  private readonly pending = new Map<number, Pending<Res>>();
  private broken: RouterError | null = null;

  constructor(private readonly createWorker: () => WorkerPort<Req, Res>, private readonly options: WorkerRpcOptions<Res>) {}

  /** Whether a worker has been started (and not dropped since). */
  get started(): boolean {
    return this.worker !== null;
  }

  /** The id the next request will carry (to name it in a message sent before its answer). */
  get nextId(): number {
    return this.id;
  }

  /** The worker, started on first use. */
  start(): WorkerPort<Req, Res> {
    if (this.worker) return this.worker;
    const worker = this.createWorker();
    worker.addEventListener('message', (event) => this.onMessage(event.data));
    worker.addEventListener('error', (event) => this.onCrash(worker, event.message));
    this.worker = worker;
    return worker;
  }

  request(message: Unnumbered<Req>, onProgress?: (p: ProgressOf<Res>) => void, transfer?: Transferable[]): Promise<AnswerOf<Res>> {
    if (this.broken) return Promise.reject(this.broken);
    const worker = this.start();
    const id = this.id++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ ...message, id } as unknown as Req, transfer);
    });
  }

  /** A message no answer is expected for, posted as it is. */
  post(message: Req): void {
    this.start().postMessage(message);
  }

  /** Terminates the worker; requests still waiting fail with `reason` when one is given. */
  stop(reason?: RouterError): void {
    this.worker?.terminate();
    if (this.options.restart) this.worker = null;
    if (reason) this.failAll(reason);
  }

  private onCrash(worker: WorkerPort<Req, Res>, message: string | undefined): void {
    const error = this.options.crashError(message ?? 'unknown error');
    if (this.options.restart) {
      this.worker = null;
      worker.terminate();
    } else {
      this.broken = error;
    }
    this.options.onCrash?.();
    this.failAll(error);
  }

  private onMessage(res: Res): void {
    const p = this.pending.get(res.id);
    if (!p) {
      this.options.stray?.(res);
      return;
    }
    if (res.type === 'progress') {
      p.onProgress?.((res as Extract<Res, { type: 'progress' }> & { progress: ProgressOf<Res> }).progress);
      return;
    }
    this.pending.delete(res.id);
    if (res.type === 'error') {
      p.reject(deserializeError((res as Res & { error: SerializedError }).error));
      return;
    }
    this.options.answered?.(res as AnswerOf<Res>);
    p.resolve(res as AnswerOf<Res>);
  }

  private failAll(error: RouterError): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
