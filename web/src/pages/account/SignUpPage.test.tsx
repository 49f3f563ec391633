import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem } from '../../test/fetchMock';
import { renderAccount, unauthenticated } from './testing';

const accepted = json({ status: 'accepted', message: 'check your mail' }, 202);

async function fillForm(password = 'violet kettle orbit 42') {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText('E-mail address'), 'founder@example.com');
  await user.type(screen.getByLabelText('Your name (optional)'), 'Fay Founder');
  await user.type(screen.getByLabelText('Organisation name (optional)'), 'Example Corp');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Create account' }));
  return user;
}

describe('SignUpPage', () => {
  it('registers with the fields typed and says a verification e-mail was sent', async () => {
    const { callsTo } = mockFetch({ 'GET /api/v1/me': unauthenticated, 'POST /api/v1/auth/register': accepted });
    renderAccount('/sign-up');
    await fillForm();
    expect(await screen.findByRole('heading', { name: 'Check your inbox' })).toBeInTheDocument();
    expect(screen.getByText(/We sent a verification link to founder@example.com/)).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/register')).toHaveLength(1);
    expect(callsTo('POST /api/v1/auth/register')[0]?.body).toEqual({
      email: 'founder@example.com',
      password: 'violet kettle orbit 42',
      display_name: 'Fay Founder',
      organization: 'Example Corp',
    });
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/sign-in');
  });

  it('leaves out the optional fields when they are empty', async () => {
    const { callsTo } = mockFetch({ 'GET /api/v1/me': unauthenticated, 'POST /api/v1/auth/register': accepted });
    renderAccount('/sign-up');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('E-mail address'), ' solo@example.com ');
    await user.type(screen.getByLabelText('Password'), 'violet kettle orbit 42');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    await screen.findByRole('heading', { name: 'Check your inbox' });
    expect(callsTo('POST /api/v1/auth/register')[0]?.body).toEqual({ email: 'solo@example.com', password: 'violet kettle orbit 42' });
  });

  it('says that sign-up is by invitation when the server refuses it', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/register': problem(403, 'forbidden', 'Forbidden', 'sign-up needs an invitation'),
    });
    renderAccount('/sign-up');
    await fillForm();
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-up on this server is by invitation. Ask an admin');
    expect(screen.getByRole('button', { name: 'Create account' })).toBeEnabled();
  });

  it('says when sign-up is turned off', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/register': problem(403, 'forbidden', 'Forbidden', 'sign-up is disabled'),
    });
    renderAccount('/sign-up');
    await fillForm();
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-up is turned off on this server.');
  });

  it('shows the server’s password rule next to the password', async () => {
    mockFetch({
      'GET /api/v1/me': unauthenticated,
      'POST /api/v1/auth/register': problem(400, 'validation-failed', 'Validation failed', 'too common', [
        { field: 'password', message: 'this password is too common; choose one that is harder to guess' },
      ]),
    });
    renderAccount('/sign-up');
    await fillForm('correcthorsebattery');
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'));
    expect(password).toHaveAccessibleDescription(expect.stringContaining('this password is too common'));
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields need attention');
  });

  it('hints while typing that a password is too short or contains the address', async () => {
    mockFetch({ 'GET /api/v1/me': unauthenticated });
    renderAccount('/sign-up');
    const user = userEvent.setup();
    const password = await screen.findByLabelText('Password');
    expect(password).toHaveAccessibleDescription(expect.stringContaining('At least 12 characters'));
    await user.type(password, 'abc');
    expect(password).toHaveAccessibleDescription('Too short: 9 more characters needed.');
    await user.type(screen.getByLabelText('E-mail address'), 'marguerite@example.com');
    await user.type(password, 'marguerite!!');
    expect(password).toHaveAccessibleDescription('Do not use your e-mail address in the password.');
    await user.click(screen.getByLabelText('Show password'));
    expect(password).toHaveAttribute('type', 'text');
  });

  it('says how long to wait when rate limited', async () => {
    const limited = problem(429, 'rate-limited', 'Too many requests');
    limited.headers = { ...limited.headers, 'Retry-After': '120' };
    mockFetch({ 'GET /api/v1/me': unauthenticated, 'POST /api/v1/auth/register': limited });
    renderAccount('/sign-up');
    await fillForm();
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Try again in 2 min.');
  });
});
