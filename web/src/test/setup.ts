import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { setLocale } from '../i18n';

// How long findBy*/waitFor wait for the UI: generous, because the machine running `make test` is shared (a wait,
// not a performance limit).
configure({ asyncUtilTimeout: 10_000 });

// jsdom has no matchMedia: the system theme is light unless a test says otherwise.
export function stubMatchMedia(prefersDark: boolean): void {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: vi.fn((query: string) => ({
      matches: prefersDark && query.includes('dark'),
      media: query,
      onchange: null,
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
      addListener: vi.fn(),
      removeListener: vi.fn(),
      dispatchEvent: vi.fn(),
    })),
  });
}

function clearCookies(): void {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
}

beforeEach(() => {
  setLocale('en-US');
  stubMatchMedia(false);
});

afterEach(() => {
  cleanup();
  localStorage.clear();
  clearCookies();
  document.documentElement.className = '';
  vi.useRealTimers();
});
