import type { WireError } from '../../../src/core/util/errorCodec';

export type EchoRequest =
  | { type: 'double'; value: number }
  | { type: 'fail'; message: string }
  | { type: 'describe' }
  | { type: 'crash' };

export type EchoReply =
  | { type: 'doubled'; value: number }
  | { type: 'error'; error: WireError }
  | { type: 'described'; execArgv: string[]; env: string | null };
