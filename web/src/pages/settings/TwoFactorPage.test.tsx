import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { json, meFixture, mockFetch, problem } from '../../test/fetchMock';
import { parseQrSvg } from './QrCode';
import { renderSettings } from './testUtils';

const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 25 25" shape-rendering="crispEdges"><rect width="25" height="25" fill="#fff"/><path fill="#000" d="M4 4h7v1h-7zM4 5h1v1h-1z"/></svg>\n';
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });
}

const CODES = ['aaaa-bbbb', 'cccc-dddd', 'eeee-ffff'];

describe('TwoFactorPage', () => {
  it('enrols: shows the QR code and the secret, confirms with the code, then shows the recovery codes once', async () => {
    const me = meFixture();
    const { callsTo } = mockFetch({
      'GET /api/v1/me': [json(me), json({ ...me, totp_enabled: true, recovery_codes_left: 3 })],
      'POST /api/v1/auth/totp/enroll': json({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x', qr_svg: QR_SVG }),
      'POST /api/v1/auth/totp/confirm': json({ recovery_codes: CODES }),
    });
    renderSettings('/settings/two-factor');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Set up two-factor authentication' }));

    const qr = await screen.findByRole('img', { name: 'QR code to scan with your authenticator app' });
    expect(qr.tagName.toLowerCase()).toBe('svg');
    expect(qr.querySelector('path')).toHaveAttribute('d', 'M4 4h7v1h-7zM4 5h1v1h-1z');
    expect(screen.getByTestId('totp-secret')).toHaveTextContent('JBSW Y3DP EHPK 3PXP');

    await user.type(screen.getByLabelText('Code from the app'), '123 456');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    const list = await screen.findByRole('list', { name: 'Your recovery codes' });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual(CODES);
    expect(screen.getByText(/Store these codes now/)).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/totp/confirm')[0]?.body).toEqual({ code: '123456' });
    // The session's user is read again: the account now has two-factor on.
    await waitFor(() => expect(callsTo('GET /api/v1/me')).toHaveLength(2));

    const createObjectURL = vi.fn((_blob: Blob) => 'blob:codes');
    const revokeObjectURL = vi.fn();
    // jsdom has no Blob URLs: stand them in for this test only.
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await user.click(screen.getByRole('button', { name: 'Download as a text file' }));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(await readBlob(createObjectURL.mock.calls[0]![0])).toContain('cccc-dddd');
    expect(click).toHaveBeenCalled();
    delete (URL as Partial<typeof URL>).createObjectURL;
    delete (URL as Partial<typeof URL>).revokeObjectURL;

    await user.click(screen.getByRole('button', { name: 'I have stored the codes' }));
    expect(screen.queryByRole('list', { name: 'Your recovery codes' })).not.toBeInTheDocument();
    expect(await screen.findByText('You have 3 recovery codes left.')).toBeInTheDocument();
  });

  it('shows a wrong code at the field', async () => {
    mockFetch({
      'GET /api/v1/me': json(meFixture()),
      'POST /api/v1/auth/totp/enroll': json({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/x', qr_svg: QR_SVG }),
      'POST /api/v1/auth/totp/confirm': problem(400, 'validation-failed', 'Invalid input', undefined, [
        { field: 'code', message: 'the code is not valid' },
      ]),
    });
    renderSettings('/settings/two-factor');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Set up two-factor authentication' }));
    await user.type(await screen.findByLabelText('Code from the app'), '000000');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(await screen.findByText('the code is not valid')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Your recovery codes' })).not.toBeInTheDocument();
  });

  it('disables with the password and a code, and shows the recovery codes left', async () => {
    const me = { ...meFixture(), totp_enabled: true, recovery_codes_left: 2 };
    const { callsTo } = mockFetch({
      'GET /api/v1/me': [json(me), json({ ...me, totp_enabled: false, recovery_codes_left: 0 })],
      'POST /api/v1/auth/totp/disable': { status: 204 },
    });
    renderSettings('/settings/two-factor');
    const user = userEvent.setup();
    expect(await screen.findByText('You have 2 recovery codes left.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Password'), 'hunter22');
    await user.type(screen.getByLabelText('Code from the app or recovery code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Turn off' }));
    expect(await screen.findByText(/Two-factor authentication is off/)).toBeInTheDocument();
    expect(callsTo('POST /api/v1/auth/totp/disable')[0]?.body).toEqual({ password: 'hunter22', code: '654321' });
    expect(screen.getByRole('button', { name: 'Set up two-factor authentication' })).toBeInTheDocument();
  });

  it('refuses SVG it cannot read as a plain QR path', () => {
    expect(parseQrSvg(QR_SVG)?.viewBox).toEqual([0, 0, 25, 25]);
    expect(parseQrSvg('<svg viewBox="0 0 5 5"><path d="url(javascript:alert(1))"/></svg>')).toBeNull();
    expect(parseQrSvg('<html><body>no</body></html>')).toBeNull();
    expect(parseQrSvg('not xml at all')).toBeNull();
  });
});
