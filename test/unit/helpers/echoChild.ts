/**
 * A child process for childProcess.test.ts: echoes numbers doubled, throws on request (the error crosses back
 * through the error codec), and reports how it was started.
 */
import { parentChannel } from '../../../src/core/util/childProcess';
import { encodeError } from '../../../src/core/util/errorCodec';
import type { EchoReply, EchoRequest } from './echoProtocol';

const parent = parentChannel<EchoReply, EchoRequest>();
parent.onMessage((message) => {
  if (message.type === 'double') parent.send({ type: 'doubled', value: message.value * 2 });
  else if (message.type === 'fail') {
    const error = Object.assign(new Error(message.message), { code: 'EFAIL' });
    parent.send({ type: 'error', error: encodeError(error) });
  } else if (message.type === 'describe')
    parent.send({ type: 'described', execArgv: process.execArgv, env: process.env.ECHO_MARK ?? null });
  else if (message.type === 'crash') {
    process.stderr.write('about to crash\n');
    process.exit(3);
  }
});
process.on('disconnect', () => process.exit(0));
