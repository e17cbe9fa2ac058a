/**
 * Message descriptors for the typed channel (rpc.ts): a method name, whether it is a request or a one-way
 * notification, and its params and result as phantom types. A message an untrusted side sends also carries the
 * check that rebuilds its params from whatever arrived: `defineCheckedMessages` refuses, at compile time, a message
 * without one, and the host's validator, the protocol tests and the fuzzer all read the same registry.
 */

/** A request type: its method name, how long the caller waits, and (as phantom types) its params and result. */
export interface RequestType<P, R> {
  readonly kind: 'request';
  readonly method: string;
  readonly timeoutMs: number;
  readonly _params?: P;
  readonly _result?: R;
}

/** A one-way message type. */
export interface NotificationType<P> {
  readonly kind: 'notification';
  readonly method: string;
  readonly _params?: P;
}

export type MessageType = RequestType<unknown, unknown> | NotificationType<unknown>;

export type ParamsOf<T> =
  T extends RequestType<infer P, unknown> ? P : T extends NotificationType<infer P> ? P : never;
export type ResultOf<T> = T extends RequestType<unknown, infer R> ? R : never;

/** Rebuilds a message's params from untrusted input (known fields only), or throws saying what is wrong. */
export type ParamsCheck<P> = (params: unknown) => P;

/** A message from an untrusted sender: the check the receiver runs before any handler sees the params. */
export interface Checked<P> {
  readonly check: ParamsCheck<P>;
}

export function requestType<P, R>(method: string, timeoutMs = 30_000): RequestType<P, R> {
  return { kind: 'request', method, timeoutMs };
}

export function notificationType<P>(method: string): NotificationType<P> {
  return { kind: 'notification', method };
}

/** A descriptor before a registry names it (the registry key is the method on the wire). */
export type Unnamed<T> = T extends unknown ? Omit<T, 'method'> : never;

/** A request whose params `check` rebuilds; it waits `timeoutMs` for the answer (0: until the channel closes). */
export function checkedRequest<P, R>(
  timeoutMs: number,
  check: ParamsCheck<P>,
): Unnamed<RequestType<P, R>> & Checked<P> {
  return { kind: 'request', timeoutMs, check };
}

/** A one-way message whose params `check` rebuilds. */
export function checkedNotification<P>(check: ParamsCheck<P>): Unnamed<NotificationType<P>> & Checked<P> {
  return { kind: 'notification', check };
}

/** A one-way message from a trusted sender (the extension host). */
export function notification<P>(): Unnamed<NotificationType<P>> {
  return { kind: 'notification' };
}

/** Each descriptor of a registry, named by its key. */
export type Named<T> = { readonly [K in keyof T & string]: T[K] & { readonly method: K } };

/** The descriptors of a registry, as one union (what an endpoint may send or handle). */
export type MessageOf<T> = T[keyof T];

/** Names every descriptor by its key. */
export function defineMessages<T extends Record<string, Unnamed<MessageType>>>(specs: T): Named<T> {
  return nameByKey(specs);
}

/** Names every descriptor by its key; a descriptor without a params check does not compile. */
export function defineCheckedMessages<T extends Record<string, Unnamed<MessageType> & Checked<unknown>>>(
  specs: T,
): Named<T> {
  return nameByKey(specs);
}

function nameByKey<T extends Record<string, object>>(specs: T): Named<T> {
  const named: Record<string, object> = {};
  for (const [method, spec] of Object.entries(specs)) named[method] = Object.freeze({ ...spec, method });
  return Object.freeze(named) as Named<T>;
}

/** One handler per message of a registry: the compiler refuses a table that leaves a message out. */
export type HandlersOf<T> = {
  [K in keyof T]: T[K] extends RequestType<infer P, infer R>
    ? (params: P) => R | Promise<R>
    : (params: ParamsOf<T[K]>) => void;
};
