import { createServer } from 'node:net';

/** closedPort is a local TCP port nothing listens on (it was free a moment ago): a server that refuses. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}
