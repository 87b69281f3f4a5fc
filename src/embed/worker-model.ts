/**
 * An embedding model that lives in a worker, as the page's two worker embedders (WorkerEmbedder,
 * LiteWorkerEmbedder) drive it: one load shared by every caller, forgotten when it fails, when the
 * worker crashes or when it is stopped, so that a later load() starts again; embed only after load().
 */
import { RouterError } from '../core/errors';
import { WorkerRpc, type AnswerOf, type ProgressOf, type RpcMessage, type Unnumbered, type WorkerPort } from '../core/util/worker-rpc';

export class WorkerModel<Req extends RpcMessage, Res extends RpcMessage> {
  private readonly rpc: WorkerRpc<Req, Res>;
  private loading: Promise<void> | null = null;

  constructor(createWorker: () => WorkerPort<Req, Res>, crashError: (message: string) => RouterError) {
    this.rpc = new WorkerRpc(createWorker, { restart: true, crashError, onCrash: () => { this.loading = null; } });
  }

  /** Whether the worker has been started (and not stopped since). */
  get started(): boolean {
    return this.rpc.started;
  }

  load(message: Unnumbered<Req>, onProgress: ((p: ProgressOf<Res>) => void) | undefined, loaded: (res: AnswerOf<Res>) => void): Promise<void> {
    this.loading ??= this.rpc.request(message, onProgress)
      .then(loaded)
      .catch((err: RouterError) => {
        this.loading = null;
        throw err;
      });
    return this.loading;
  }

  /** `model` names the model in the error for an embed before load(); `message` is built once the load is done. */
  async embed(texts: readonly string[], model: string, message: (texts: readonly string[]) => Unnumbered<Req>): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    if (!this.loading) throw new RouterError('ENGINE_NOT_READY', `${model} is not loaded yet: call load() first.`);
    await this.loading;
    const res = await this.rpc.request(message(texts));
    return res.type === 'embedded' ? (res as AnswerOf<Res> & { vectors: Float32Array[] }).vectors : [];
  }

  request(message: Unnumbered<Req>, transfer?: Transferable[]): Promise<AnswerOf<Res>> {
    return this.rpc.request(message, undefined, transfer);
  }

  /** Stops the worker; requests still waiting fail with `reason`. */
  stop(reason: RouterError): void {
    this.rpc.stop(reason);
    this.loading = null;
  }
}
