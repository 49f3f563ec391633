import { useEffect, useRef, useState } from 'react';

/**
 * The width of an element, followed with a ResizeObserver. Charts get an explicit width from it instead of Recharts'
 * ResponsiveContainer, so they also render where nothing is measured (jsdom, where `fallback` is used).
 */
export function useMeasuredWidth<T extends HTMLElement>(fallback = 320) {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver((entries) => {
      const measured = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}
