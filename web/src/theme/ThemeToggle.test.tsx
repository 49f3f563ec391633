import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { stubMatchMedia } from '../test/setup';
import { ThemeToggle } from './ThemeToggle';
import { THEME_STORAGE_KEY, applyTheme, readThemePreference } from './theme';

const html = document.documentElement;

describe('theme', () => {
  it('remembers the choice in localStorage and applies the dark class', async () => {
    const user = userEvent.setup();
    render(<ThemeToggle />);
    expect(screen.getByRole('radio', { name: 'System' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(html).toHaveClass('dark');
    await user.click(screen.getByRole('radio', { name: 'Light' }));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('light');
    expect(html).not.toHaveClass('dark');
  });

  it('starts from the remembered choice (as main.tsx does before the first render)', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'dark');
    applyTheme(readThemePreference());
    expect(html).toHaveClass('dark');
    render(<ThemeToggle />);
    expect(screen.getByRole('radio', { name: 'Dark' })).toBeChecked();
  });

  it('follows the system with "system", which also forgets the stored choice', async () => {
    stubMatchMedia(true);
    localStorage.setItem(THEME_STORAGE_KEY, 'light');
    const user = userEvent.setup();
    render(<ThemeToggle />);
    expect(html).not.toHaveClass('dark');
    await user.click(screen.getByRole('radio', { name: 'System' }));
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBeNull();
    expect(html).toHaveClass('dark');
  });

  it('ignores a stored value it does not know', () => {
    localStorage.setItem(THEME_STORAGE_KEY, 'sepia');
    expect(readThemePreference()).toBe('system');
  });
});
