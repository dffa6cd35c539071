/**
 * The portal on this machine: the static page from portal/ and the real portal Lambda handler behind
 * /api/*, each request turned into the API Gateway HTTP API (payload 2.0) event it would be in AWS,
 * with the same security headers CloudFront adds. Listens on loopback only.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PORTAL_SECURITY_HEADERS } from '../functions/domain/portal/security-headers';
import { makePortalHandler } from '../functions/portal';
import type { Dependencies } from '../functions/commons/dependencies';
import { localLambdaContext } from './lambda-context';

const PORTAL_DIR = fileURLToPath(new URL('../portal/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface PortalServer {
  url: string;
  close(): Promise<void>;
}

/** Like API Gateway's payload limit (but far smaller: the handler refuses over 8 KB anyway). */
const MAX_REQUEST_BYTES = 64 * 1024;

/** The body, or undefined when it is larger than any portal request could be. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A path's percent-decoding, or undefined when it is malformed (e.g. "%E0%A4%A"). */
function decodedPath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

const plain = (res: ServerResponse, status: number, text: string) =>
  send(res, status, { 'content-type': 'text/plain; charset=utf-8' }, text);

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  res.writeHead(status, { ...PORTAL_SECURITY_HEADERS, ...headers });
  res.end(body);
}

let requestSeq = 0;

export async function startPortalServer(options: { deps: () => Dependencies; port?: number }): Promise<PortalServer> {
  // Served on loopback only, with no CloudFront in front: the origin header is not asked for.
  const portal = makePortalHandler(options.deps, 'anyone');
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname.startsWith('/api/')) {
        const body = await readBody(req);
        if (body === undefined) return plain(res, 413, 'request body too large');
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v ?? '')]),
        );
        const event = {
          version: '2.0',
          routeKey: '$default',
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          headers,
          requestContext: {
            accountId: '000000000000',
            apiId: 'local',
            domainName: 'localhost',
            domainPrefix: 'localhost',
            http: {
              method: req.method ?? 'GET',
              path: url.pathname,
              protocol: 'HTTP/1.1',
              sourceIp: '127.0.0.1',
              userAgent: headers['user-agent'] ?? '',
            },
            requestId: `local-${++requestSeq}`,
            routeKey: '$default',
            stage: '$default',
            time: new Date().toUTCString(),
            timeEpoch: Date.now(),
          },
          body,
          isBase64Encoded: false,
        } as APIGatewayProxyEventV2;
        const result = (await portal(event, localLambdaContext('amicable-portal'))) as APIGatewayProxyStructuredResultV2;
        send(res, result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>, result.body ?? '');
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
      const relative = url.pathname === '/' ? 'index.html' : decodedPath(url.pathname.slice(1));
      if (relative === undefined) return plain(res, 400, 'bad request');
      const path = normalize(join(PORTAL_DIR, relative));
      if (!path.startsWith(PORTAL_DIR) || relative.split(sep).includes('..')) return plain(res, 404, 'not found');
      const body = await readFile(path).catch(() => undefined);
      if (!body) return plain(res, 404, 'not found');
      send(res, 200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }, body);
    } catch (error) {
      // Never the error's text: it could name a path or quote a request.
      console.error('portal server: request failed', (error as Error).name);
      plain(res, 500, 'internal error');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
