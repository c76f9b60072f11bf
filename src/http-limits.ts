import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { HttpLimits } from './config.ts';
import type { Log } from './log.ts';

/**
 * The HTTP server `npm start` listens with, bounded against slow clients (SPEC §19, slowloris):
 * headers that take longer than `headersMs` from their first byte, a kept-alive connection idle
 * for `keepAliveMs`, a socket on which nothing moves for `idleMs`, and a body arriving slower
 * than `bodyMinRate` while the server waits for it are all cut. Node checks the first two every
 * `connectionsCheckingInterval`, 30 s by default: here a quarter of the header limit, so a
 * dribbled header is cut within 1.25 × the limit rather than up to 30 s after it.
 *
 * A body has no wall-clock limit by default (`requestMs` 0): a 20 GiB upload on a slow line is
 * legitimate. What a slowloris client cannot do is keep the rate up, hence the rate rule.
 */
export function createHttpServer(handler: RequestListener, limits: HttpLimits, log: Log): Server {
  const checkEvery = Math.max(100, Math.min(30_000, Math.round((limits.headersMs || 30_000) / 4)));
  const server = createServer(
    { headersTimeout: limits.headersMs, requestTimeout: limits.requestMs, keepAliveTimeout: limits.keepAliveMs, connectionsCheckingInterval: checkEvery },
    handler,
  );
  // Without a 'timeout' listener, Node destroys the idle socket itself.
  server.timeout = limits.idleMs;
  if (limits.bodyMinRate > 0 && limits.bodyWindowMs > 0) guardBodyRate(server, limits, log);
  return server;
}

interface Watched {
  req: IncomingMessage;
  since: number;
  bytes: number;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Cuts a request whose body, over a window of `bodyWindowMs`, arrived slower than `bodyMinRate`
 * bytes/s. Only time the server spends waiting for the client counts: a window in which the
 * request was paused (an upload waiting for the disk) or its buffer was full (the handler not
 * reading yet) starts over. One timer for all requests, reading each socket's byte count: no
 * listener on the body, which would change how it flows.
 */
function guardBodyRate(server: Server, limits: HttpLimits, log: Log): void {
  const watched = new Set<Watched>();
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const now = performance.now();
    for (const w of watched) {
      const { req } = w;
      const socket = req.socket;
      if (req.complete || socket.destroyed) {
        watched.delete(w);
        continue;
      }
      const waitingForClient = !req.isPaused() && req.readableLength < req.readableHighWaterMark;
      if (!waitingForClient) {
        w.since = now;
        w.bytes = socket.bytesRead;
        continue;
      }
      const elapsed = now - w.since;
      if (elapsed < limits.bodyWindowMs) continue;
      const rate = ((socket.bytesRead - w.bytes) * 1000) / elapsed;
      if (rate < limits.bodyMinRate) {
        watched.delete(w);
        log({ level: 'warn', msg: 'request body too slow: connection closed', ip: socket.remoteAddress, bytesPerSecond: Math.round(rate), minimum: limits.bodyMinRate });
        socket.destroy();
        continue;
      }
      w.since = now;
      w.bytes = socket.bytesRead;
    }
    if (watched.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!hasBody(req)) return;
    const w: Watched = { req, since: performance.now(), bytes: req.socket.bytesRead };
    watched.add(w);
    // Answered: whatever the client still sends is no longer waited for.
    res.once('close', () => watched.delete(w));
    if (timer === undefined) {
      timer = setInterval(check, Math.max(50, Math.round(limits.bodyWindowMs / 4)));
      timer.unref();
    }
  });
}
