import { Server as NetServer } from 'node:net';
import type { Socket } from 'node:net';
import type { Server as TlsServer } from 'node:tls';

/**
 * ConnectionTracker counts the TLS connections a server holds open, so
 * shutdown can wait for clients to finish instead of cutting them off.
 */
export class ConnectionTracker {
  readonly #open = new Set<Socket>();
  readonly #waiters = new Set<() => void>();

  constructor(server: TlsServer) {
    server.on('secureConnection', (socket: Socket) => {
      this.#open.add(socket);
      socket.once('close', () => {
        this.#open.delete(socket);
        if (this.#open.size === 0) for (const wake of this.#waiters) wake();
      });
    });
  }

  /** open is the number of established connections. */
  get open(): number {
    return this.#open.size;
  }

  /** whenAllClosed resolves true once no connection is open, or false after timeoutMs. */
  whenAllClosed(timeoutMs: number): Promise<boolean> {
    if (this.#open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (closed: boolean): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(closed);
      };
      const wake = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#waiters.add(wake);
    });
  }
}

/**
 * stopAccepting closes the listening socket only. Unlike http's
 * server.close(), it leaves idle keep-alive connections open: a client may
 * already have written its next request on one, and cutting it would lose
 * that request. While draining, every response says `Connection: close`,
 * so those connections end cleanly after their next answer.
 */
export function stopAccepting(server: TlsServer): void {
  NetServer.prototype.close.call(server);
}
