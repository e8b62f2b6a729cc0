/**
 * A fault-injecting HTTP proxy for the emulators (s3rver, DynamoDB Local), on 127.0.0.1 only.
 * Per request it forwards, fails with the error the real service sends under load, delays, or
 * drops the connection (before forwarding, or after the upstream answered: the write happened
 * but the client never hears of it). Decisions come from a seeded generator, so a run's mix of
 * faults is reproducible; `down()` / `up()` kill and restore the endpoint (connection refused).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { seededRandom } from '#shared/random.ts';

export type Service = 's3' | 'dynamodb';

export interface FaultPlan {
  /** Share of requests answered with a throttling or server error (see ERRORS), without forwarding. */
  errorRate?: number;
  /** Share of requests whose connection is destroyed before forwarding. */
  dropRate?: number;
  /** Share of requests forwarded, then dropped instead of answered (the upstream did the work). */
  dropAfterRate?: number;
  /** Share of requests held `delayMs` before forwarding. */
  delayRate?: number;
  delayMs?: number;
}

export type FaultKind = 'forwarded' | 'error' | 'drop' | 'drop-after' | 'delay';

export interface FaultProxy {
  url: string;
  port: number;
  /** How many requests met each fate so far. */
  stats: Record<FaultKind, number>;
  /** False between `down()` and `up()`. */
  readonly listening: boolean;
  setPlan(plan: FaultPlan): void;
  /** Stops answering: closes the listener and every open connection (clients get ECONNREFUSED). */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

interface CannedError {
  status: number;
  contentType: string;
  body: string;
}

/** What the services answer when throttling or failing, as the SDK expects to parse them. */
export const ERRORS: Record<Service, CannedError[]> = {
  s3: [
    {
      status: 503,
      contentType: 'application/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>FAULT0001</RequestId><HostId>fault-proxy</HostId></Error>',
    },
    {
      status: 500,
      contentType: 'application/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message><RequestId>FAULT0002</RequestId><HostId>fault-proxy</HostId></Error>',
    },
  ],
  dynamodb: [
    {
      status: 400,
      contentType: 'application/x-amz-json-1.0',
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
        message:
          'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
      }),
    },
    {
      status: 400,
      contentType: 'application/x-amz-json-1.0',
      body: JSON.stringify({ __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' }),
    },
    {
      status: 500,
      contentType: 'application/x-amz-json-1.0',
      body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error' }),
    },
  ],
};

/**
 * @example
 *   const proxy = await startFaultProxy({ target: 'http://127.0.0.1:8000', service: 'dynamodb', seed: 7, plan: { errorRate: 0.2 } });
 *   new DynamoDBClient({ endpoint: proxy.url, … }) // one request in five is throttled
 */
export async function startFaultProxy(options: { target: string; service: Service; seed: number; plan?: FaultPlan }): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = seededRandom(options.seed);
  let plan: FaultPlan = options.plan ?? {};
  const stats: Record<FaultKind, number> = { forwarded: 0, error: 0, drop: 0, 'drop-after': 0, delay: 0 };
  const sockets = new Set<Socket>();

  const decide = (): FaultKind => {
    const roll = random();
    let threshold = 0;
    for (const [kind, rate] of [
      ['error', plan.errorRate],
      ['drop', plan.dropRate],
      ['drop-after', plan.dropAfterRate],
      ['delay', plan.delayRate],
    ] as const) {
      threshold += rate ?? 0;
      if (roll < threshold) return kind;
    }
    return 'forwarded';
  };

  const forward = (req: IncomingMessage, res: ServerResponse, dropAnswer: boolean): void => {
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      if (dropAnswer) {
        // Read the whole answer (the work is done upstream), then hang up without a word.
        answer.resume();
        answer.on('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const fate = decide();
    stats[fate]++;
    switch (fate) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'error': {
        const errors = ERRORS[options.service];
        const canned = errors[Math.floor(random() * errors.length)] ?? errors[0]!;
        req.resume();
        req.on('end', () => {
          res.writeHead(canned.status, { 'content-type': canned.contentType, 'content-length': Buffer.byteLength(canned.body), 'x-amzn-requestid': 'FAULT' });
          res.end(canned.body);
        });
        return;
      }
      case 'delay':
        setTimeout(() => forward(req, res, false), plan.delayMs ?? 200);
        return;
      default:
        forward(req, res, fate === 'drop-after');
    }
  };

  let server: Server = createProxyServer();
  function createProxyServer(): Server {
    const created = createServer(handle);
    created.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    return created;
  }
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const closeServer = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  const port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    get listening() {
      return server.listening;
    },
    setPlan(next) {
      plan = next;
    },
    down: closeServer,
    async up() {
      server = createProxyServer();
      await listen(port);
    },
    close: closeServer,
  };
}
