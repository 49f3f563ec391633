import { t } from '../../i18n';

export interface QrShape {
  viewBox: [number, number, number, number];
  d: string;
}

/**
 * Reads the server's QR SVG (src/auth/qr_svg.cpp: a viewBox, a white rect and one black path) into plain data. The
 * markup is never inserted as HTML, and an <img src="data:..."> would be blocked by the server's CSP
 * (`default-src 'self'` has no `data:`), so the code is drawn again from the path alone.
 */
export function parseQrSvg(svg: string): QrShape | null {
  let doc: Document;
  try {
    doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  } catch {
    return null;
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length > 0) return null;
  const box = (root.getAttribute('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  if (box.length !== 4 || box.some((n) => !Number.isFinite(n)) || box[2]! <= 0 || box[3]! <= 0) return null;
  const d = Array.from(root.getElementsByTagName('path'))
    .map((p) => p.getAttribute('d') ?? '')
    .join(' ')
    .trim();
  // Path data only: commands and numbers, nothing that could reference or run anything.
  if (d === '' || !/^[MmHhVvLlZz0-9.,\s-]+$/.test(d)) return null;
  return { viewBox: box as [number, number, number, number], d };
}

/** The enrolment QR code, black on white in both themes (scanners need the contrast). */
export function QrCode({ svg }: { svg: string }) {
  const shape = parseQrSvg(svg);
  if (!shape) {
    return <p className="text-sm text-slate-700 dark:text-slate-300">{t('settings.twoFactor.qrUnavailable')}</p>;
  }
  const [x, y, w, h] = shape.viewBox;
  return (
    <svg
      role="img"
      aria-label={t('settings.twoFactor.qrLabel')}
      viewBox={shape.viewBox.join(' ')}
      shapeRendering="crispEdges"
      className="h-52 w-52 rounded border border-slate-300 dark:border-slate-600"
    >
      <rect x={x} y={y} width={w} height={h} fill="#fff" />
      <path d={shape.d} fill="#000" />
    </svg>
  );
}
