import { lazy, type ComponentType } from 'react';

/**
 * A page loaded on first visit, as its own chunk: `lazyPage(() => import('./ScansListPage'), 'ScansListPage')`.
 * The shell shows a loading state (its <Suspense>) while the chunk arrives.
 */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
