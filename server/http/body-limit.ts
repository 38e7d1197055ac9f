// Request bodies are read up to a limit (default 64 KiB) before any handler sees them, so a
// large or endless body costs at most `limit` bytes of memory and is answered 413. The node
// listener reads a body once, straight from the socket, and records what it read here
// (`bufferedBody`); a Request from elsewhere (app.fetch) is read through its stream.
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Requests the node listener already read: their bytes, or TOO_LARGE past its limit. */
const buffered = new WeakMap<Request, Buffer<ArrayBuffer> | typeof TOO_LARGE>();
const TOO_LARGE = Symbol('too large');

/** Records the body the node listener read for `request` (undefined: over its limit). */
export function bufferedBody(request: Request, body: Buffer<ArrayBuffer> | undefined): Request {
  buffered.set(request, body ?? TOO_LARGE);
  return request;
}

/** The request with its body buffered, or undefined when the body exceeds `limit` bytes. */
export async function withLimitedBody(
  request: Request,
  limit: number,
): Promise<Request | undefined> {
  const known = buffered.get(request);
  if (known !== undefined)
    return known === TOO_LARGE || known.byteLength > limit ? undefined : request;
  if (request.body === null) return request;
  const body = await readLimitedBody(request, limit);
  if (body === undefined) return undefined;
  return bufferedBody(
    new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body,
      signal: request.signal,
    }),
    body,
  );
}

/**
 * The body's bytes, or undefined once it is larger than `limit` (declared or actually sent);
 * reading stops there. The notify handler takes this reader from the composition root.
 */
export async function readLimitedBody(
  request: Request,
  limit: number,
): Promise<Buffer<ArrayBuffer> | undefined> {
  const known = buffered.get(request);
  if (known !== undefined)
    return known === TOO_LARGE || known.byteLength > limit ? undefined : known;
  if (request.body === null) return Buffer.alloc(0);
  const declared = request.headers.get('content-length');
  if (declared !== null && (!/^\d+$/.test(declared) || Number(declared) > limit)) {
    await request.body.cancel().catch(() => {});
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
