/**
 * A small typed request/response channel over `postMessage`, shared by the extension host and the webview.
 * Requests carry ids; replies are matched by id; every request times out; closing the channel rejects whatever is
 * still pending (hexeditor's protocol never does either). No `vscode` import: both sides pass their own `post`.
 * An endpoint is typed by what it sends and what it handles (messages.ts's registries), so neither side can send
 * a message the other has no descriptor for.
 */
import type { HandlersOf, MessageType, ParamsOf, ResultOf } from './messageTypes';

/** The wire format of every message, in both directions. */
export type Envelope =
  | { kind: 'request'; id: number; method: string; params: unknown }
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string }
  | { kind: 'notification'; method: string; params: unknown };

/** The request did not get an answer in time. */
export class RpcTimeoutError extends Error {
  constructor(method: string, ms: number) {
    super(`${method}: no answer within ${ms} ms`);
    this.name = 'RpcTimeoutError';
  }
}

/** The channel was closed (panel closed, webview reloaded) before the answer came. */
export class RpcClosedError extends Error {
  constructor(method: string, reason: string) {
    super(`${method}: ${reason}`);
    this.name = 'RpcClosedError';
  }
}

/** The other side answered with an error. */
export class RpcRemoteError extends Error {
  constructor(method: string, message: string) {
    super(message);
    this.name = 'RpcRemoteError';
    this.method = method;
  }
  readonly method: string;
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type RequestHandler = (params: unknown) => unknown;
type NotificationHandler = (params: unknown) => void;

export interface RequestOptions {
  /** Overrides the type's timeout (0: wait until the channel closes). */
  timeoutMs?: number;
}

type RequestIn<T> = Extract<T, { readonly kind: 'request' }>;
type NotificationIn<T> = Extract<T, { readonly kind: 'notification' }>;

export class RpcEndpoint<Sends extends MessageType = MessageType, Handles extends MessageType = MessageType> {
  private nextId = 1;
  private closed: string | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notificationHandlers = new Map<string, NotificationHandler>();

  /**
   * @param post sends one envelope to the other side (must not throw for a closed peer; errors are ignored)
   * @param onError told about a failing handler of a notification (requests answer with the error instead)
   */
  constructor(
    private readonly post: (message: Envelope) => void | Thenable<unknown>,
    private readonly onError: (error: unknown, method: string) => void = () => undefined,
  ) {}

  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /** Number of requests waiting for an answer (tests check nothing leaks). */
  get pendingCount(): number {
    return this.pending.size;
  }

  request<T extends RequestIn<Sends>>(
    type: T,
    params: ParamsOf<T>,
    options: RequestOptions = {},
  ): Promise<ResultOf<T>> {
    if (this.closed !== undefined) return Promise.reject(new RpcClosedError(type.method, this.closed));
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? type.timeoutMs;
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          if (!this.pending.delete(id)) return;
          reject(new RpcTimeoutError(type.method, timeoutMs));
        },
        timeoutMs > 0 ? timeoutMs : 2 ** 31 - 1,
      );
      this.pending.set(id, {
        method: type.method,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
      });
      this.send({ kind: 'request', id, method: type.method, params });
    });
  }

  notify<T extends NotificationIn<Sends>>(type: T, params: ParamsOf<T>): void {
    if (this.closed !== undefined) return;
    this.send({ kind: 'notification', method: type.method, params });
  }

  onRequest<T extends RequestIn<Handles>>(
    type: T,
    handler: (params: ParamsOf<T>) => ResultOf<T> | Promise<ResultOf<T>>,
  ): void {
    this.requestHandlers.set(type.method, handler as RequestHandler);
  }

  onNotification<T extends NotificationIn<Handles>>(type: T, handler: (params: ParamsOf<T>) => void): void {
    this.notificationHandlers.set(type.method, handler as NotificationHandler);
  }

  /** Handles every message of a registry, one handler each (a table that leaves one out does not compile). */
  serve<T extends Record<string, Handles>>(registry: T, handlers: HandlersOf<T>): void {
    for (const key of Object.keys(registry)) {
      const type: MessageType = registry[key];
      const handler = handlers[key] as (params: unknown) => unknown;
      if (type.kind === 'request') this.requestHandlers.set(type.method, handler);
      else this.notificationHandlers.set(type.method, handler as NotificationHandler);
    }
  }

  /** Feeds one message from the other side. The caller validates untrusted input before this. */
  receive(message: Envelope): void {
    if (this.closed !== undefined) return;
    switch (message.kind) {
      case 'response': {
        const waiting = this.pending.get(message.id);
        if (!waiting) return; // late answer to a timed-out request, or a forged id
        this.pending.delete(message.id);
        clearTimeout(waiting.timer);
        if (message.ok) waiting.resolve(message.result);
        else waiting.reject(new RpcRemoteError(waiting.method, message.error));
        return;
      }
      case 'request': {
        const handler = this.requestHandlers.get(message.method);
        if (!handler) {
          this.send({
            kind: 'response',
            id: message.id,
            ok: false,
            error: `Unknown request ${message.method}`,
          });
          return;
        }
        void (async () => {
          try {
            const result = await handler(message.params);
            this.send({ kind: 'response', id: message.id, ok: true, result });
          } catch (error) {
            this.send({
              kind: 'response',
              id: message.id,
              ok: false,
              error: error instanceof Error ? error.message : String(error),
            });
          }
        })();
        return;
      }
      case 'notification': {
        const handler = this.notificationHandlers.get(message.method);
        if (!handler) return;
        try {
          handler(message.params);
        } catch (error) {
          this.onError(error, message.method);
        }
        return;
      }
    }
  }

  /** Rejects every pending request with RpcClosedError and refuses new ones. Idempotent. */
  close(reason = 'the panel was closed'): void {
    if (this.closed !== undefined) return;
    this.closed = reason;
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(id);
      waiting.reject(new RpcClosedError(waiting.method, reason));
    }
  }

  private send(message: Envelope): void {
    if (this.closed !== undefined) return;
    try {
      const sent = this.post(message);
      if (sent && typeof (sent as Promise<unknown>).then === 'function') {
        (sent as Promise<unknown>).then(undefined, () => undefined);
      }
    } catch {
      // The peer is gone; pending requests are rejected by close() or their timeout.
    }
  }
}

/** PromiseLike without depending on DOM or vscode typings. */
interface Thenable<T> {
  then<U>(onFulfilled?: (value: T) => U, onRejected?: (reason: unknown) => U): Thenable<U>;
}
