// Request bodies are read up to a limit (default 64 KiB) before any handler sees them, so a
// large or endless body costs at most `limit` bytes of memory and is answered 413.
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The request with its body buffered, or undefined when the body exceeds `limit` bytes. */
export async function withLimitedBody(
  request: Request,
  limit: number,
): Promise<Request | undefined> {
  if (request.body === null) return request;
  const body = await readLimitedBody(request, limit);
  if (body === undefined) return undefined;
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
  });
}

/**
 * The body's bytes, or undefined once it is larger than `limit` (declared or actually sent);
 * reading stops there. The notify handler takes this reader from the composition root.
 */
export async function readLimitedBody(
  request: Request,
  limit: number,
): Promise<Buffer<ArrayBuffer> | undefined> {
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
