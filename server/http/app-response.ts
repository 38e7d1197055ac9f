// The one Response class the app answers with: Yoga's GraphQL answers (yoga.ts hands it to
// Yoga), UMF's notification answers (start.ts hands it to the notify handler) and the app's own
// JSON answers (app.ts). A live stream (SSE, incremental delivery) is Node's Response, whose
// body cancel reaches Yoga's stream at once (a closed connection ends its subscription); every
// other answer (a text, or none) is whatwg-node's, which keeps the text as it is: Node's makes
// a transferable web stream of it that node-listener.ts would read back through that stream,
// the larger part of an answer's fetch-side cost.
import { Response as BufferedResponse } from '@whatwg-node/fetch';

/** `Buffered` for a text or no body, Node's Response for a stream; statics and `instanceof` of Buffered. */
export function answerResponse(Buffered: typeof Response): typeof Response {
  function AnswerResponse(body?: BodyInit | null, init?: ResponseInit): Response {
    // An empty text as well: whatwg-node's Response takes '' for no body (and no Content-Length).
    return isStreamBody(body) || body === '' ? new Response(body, init) : new Buffered(body, init);
  }
  // Response.json, .error and .redirect, and `instanceof` for the buffered answers.
  Object.setPrototypeOf(AnswerResponse, Buffered);
  AnswerResponse.prototype = Buffered.prototype;
  return AnswerResponse as unknown as typeof Response;
}

/** The app's Response (see above). */
export const AppResponse: typeof Response = answerResponse(
  BufferedResponse as unknown as typeof Response,
);

function isStreamBody(body: BodyInit | null | undefined): boolean {
  if (body === null || body === undefined || typeof body === 'string') return false;
  if (ArrayBuffer.isView(body) || body instanceof ArrayBuffer) return false;
  return (
    typeof (body as { getReader?: unknown }).getReader === 'function' ||
    typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
