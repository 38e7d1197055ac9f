// The QrCode type: a QR payment's content, drawn here so that a browser needs no encoder (the
// widget's bundle carries none; a custom frontend puts the path in an <svg> as it is).
import { qrPath } from '../../common/qr.ts';
import { builder } from './builder.ts';

type Drawn = { size: number; d: string };

/**
 * Drawn codes by content: a QR attempt's content does not change while it is scanned, and every
 * read and live update of its checkout answers it again. Bounded: emptied when full.
 */
const drawn = new Map<string, Drawn>();
const MAX_DRAWN = 256;

function draw(content: string): Drawn {
  let code = drawn.get(content);
  if (!code) {
    if (drawn.size >= MAX_DRAWN) drawn.clear();
    code = qrPath(content);
    drawn.set(content, code);
  }
  return code;
}

export const QrCodeRef = builder.objectRef<string>('QrCode').implement({
  description:
    'A QR code to scan: its content, encoded (byte mode, error correction level M) and drawn ' +
    'as one SVG path. Draw it as <svg viewBox="0 0 {size} {size}"><path d="{path}"/></svg> on ' +
    'a light background: the path fills the dark modules; the 4-module quiet zone is inside size.',
  fields: (t) => ({
    content: t.string({ description: 'What the code encodes.', resolve: (content) => content }),
    size: t.int({
      description: 'The side of the square, in modules, quiet zone included.',
      resolve: (content) => draw(content).size,
    }),
    path: t.string({
      description:
        'SVG path data of the dark modules: one `M{x} {y}h{n}v1h-{n}z` per run in a row.',
      resolve: (content) => draw(content).d,
    }),
  }),
});
