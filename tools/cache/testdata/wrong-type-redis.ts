import { createServer, type Server, type Socket } from 'node:net';

/** Commands whose reply is replaced by the integer 1, a type none of them returns in Redis. */
const WRONG_TYPE_COMMANDS = new Set(['GET', 'MGET', 'SCAN']);

/**
 * A TCP server that speaks enough RESP for ioredis to connect and subscribe, but replies to
 * the commands in WRONG_TYPE_COMMANDS with an integer. Every other command gets `+OK`.
 */
export class WrongTypeRedis {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  /** Starts the server on a free loopback port. */
  static async start(): Promise<WrongTypeRedis> {
    const fake = new WrongTypeRedis(createServer((socket) => fake.serve(socket)));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('server not listening');
    return `redis://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);

    let buffered = '';
    socket.on('data', (data) => {
      const parsed = parseCommands(buffered + data.toString('latin1'));
      buffered = parsed.rest;
      const replies = parsed.commands.map(replyTo).join('');
      if (replies) socket.write(replies);
    });
  }
}

function replyTo(args: string[]): string {
  const name = args[0]?.toUpperCase();
  if (name === 'INFO') return bulk('# Server\r\nredis_version:7.0.0\r\nloading:0\r\n');
  if (name === 'PING') return '+PONG\r\n';
  if (name === 'SUBSCRIBE') return `*3\r\n${bulk('subscribe')}${bulk(args[1] ?? '')}:1\r\n`;
  if (WRONG_TYPE_COMMANDS.has(name)) return ':1\r\n';
  return '+OK\r\n';
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text, 'latin1')}\r\n${text}\r\n`;
}

/** Splits RESP arrays of bulk strings off the input; `rest` is an incomplete tail. */
function parseCommands(input: string): { commands: string[][]; rest: string } {
  const commands: string[][] = [];
  let offset = 0;
  while (offset < input.length) {
    const start = offset;
    const command = readArray(input, offset);
    if (!command) return { commands, rest: input.slice(start) };
    commands.push(command.args);
    offset = command.end;
  }
  return { commands, rest: '' };
}

function readArray(input: string, offset: number): { args: string[]; end: number } | undefined {
  const headerEnd = input.indexOf('\r\n', offset);
  if (headerEnd < 0) return undefined;

  const count = Number(input.slice(offset + 1, headerEnd));
  const args: string[] = [];
  let position = headerEnd + 2;
  for (let index = 0; index < count; index += 1) {
    const lengthEnd = input.indexOf('\r\n', position);
    if (lengthEnd < 0) return undefined;
    const length = Number(input.slice(position + 1, lengthEnd));
    const valueStart = lengthEnd + 2;
    if (input.length < valueStart + length + 2) return undefined;
    args.push(input.slice(valueStart, valueStart + length));
    position = valueStart + length + 2;
  }
  return { args, end: position };
}
