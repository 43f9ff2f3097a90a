// A self-hosted Nx remote cache on 127.0.0.1, as Nx's OpenAPI for NX_SELF_HOSTED_REMOTE_CACHE_SERVER
// describes it: PUT/GET /v1/cache/{hash} with tar archives as the body, a bearer token, 409 when a hash
// is already stored. Kept in memory; counts requests so tests can say what moved.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RemoteCacheServer {
  url: string;
  token: string;
  entries: Map<string, Buffer>;
  stats: { puts: number; hits: number; misses: number; unauthorized: number };
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRemoteCacheServer(token = 'test-token'): Promise<RemoteCacheServer> {
  const entries = new Map<string, Buffer>();
  const stats = { puts: 0, hits: 0, misses: 0, unauthorized: 0 };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const match = /^\/v1\/cache\/([^/?]+)$/.exec(request.url ?? '');
    if (!match?.[1]) {
      response.writeHead(404).end();
      return;
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      stats.unauthorized += 1;
      response.writeHead(401, { 'content-type': 'text/plain' }).end('Missing or wrong access token');
      return;
    }
    const hash = match[1];
    if (request.method === 'PUT') {
      const data = await body(request);
      if (entries.has(hash)) {
        response.writeHead(409, { 'content-type': 'text/plain' }).end('Cannot override an existing record');
        return;
      }
      entries.set(hash, data);
      stats.puts += 1;
      response.writeHead(200).end();
      return;
    }
    if (request.method === 'GET') {
      const data = entries.get(hash);
      if (!data) {
        stats.misses += 1;
        response.writeHead(404, { 'content-type': 'text/plain' }).end('The record was not found');
        return;
      }
      stats.hits += 1;
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length }).end(data);
      return;
    }
    response.writeHead(405).end();
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    entries,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
