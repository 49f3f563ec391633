// Pages outside the shell: sign-up, e-mail verification, password reset, invitation acceptance.
import type { PluralForms } from './types';

export const account = {
  'account.email': 'E-mail address',
  'account.displayName': 'Your name (optional)',
  'account.password': 'Password',
  'account.newPassword': 'New password',
  'account.showPassword': 'Show password',
  'account.backToSignIn': 'Back to sign in',
  'account.goToSignIn': 'Sign in',
  'account.goToDashboard': 'Go to the dashboard',

  'account.password.rules': 'At least 12 characters. A few unrelated words make a strong, memorable password.',
  'account.password.tooShort': {
    one: 'Too short: {count} more character needed.',
    other: 'Too short: {count} more characters needed.',
  },
  'account.password.repeated': 'One character repeated is easy to guess.',
  'account.password.containsEmail': 'Do not use your e-mail address in the password.',
  'account.password.weak': 'Easy to guess: add another word, or mix in digits and symbols.',
  'account.password.ok': 'Looks good. The server also refuses commonly used passwords.',

  'account.error.rateLimited': 'Too many attempts. Try again in {minutes} min.',
  'account.error.rateLimitedSoon': 'Too many attempts. Try again in a few minutes.',
  'account.error.signupInviteOnly':
    'Sign-up on this server is by invitation. Ask an admin of your organisation to invite you: the invitation e-mail has a link to create your account.',
  'account.error.signupDisabled':
    'Sign-up is turned off on this server. Ask your Palisade administrator to create an account for you.',
  'account.error.checkFields': 'Some fields need attention: see the messages below them.',

  'account.signUp.title': 'Create a Palisade account',
  'account.signUp.intro':
    'This creates a new organisation with you as its admin. Joining an existing team? Open the link in your invitation e-mail instead.',
  'account.signUp.organization': 'Organisation name (optional)',
  'account.signUp.organizationHelp': 'Leave empty to use a name based on your e-mail address; you can change it later.',
  'account.signUp.submit': 'Create account',
  'account.signUp.submitting': 'Creating account…',
  'account.signUp.haveAccount': 'Already have an account?',
  'account.signUp.doneTitle': 'Check your inbox',
  'account.signUp.doneBody':
    'We sent a verification link to {email}. Open it within 24 hours to confirm your address, then sign in.',
  'account.signUp.doneSpam': 'Nothing arrived after a few minutes? Look in your spam folder, or ask your administrator.',

  'account.verify.title': 'Confirm your e-mail address',
  'account.verify.progress': 'Confirming your e-mail address…',
  'account.verify.doneTitle': 'E-mail address confirmed',
  'account.verify.doneBody': 'Thank you. You can now sign in to Palisade.',
  'account.verify.missingTitle': 'This link is incomplete',
  'account.verify.missingBody':
    'The address has no verification token. Open the link from the e-mail again, or copy the whole link into the address bar: mail programs sometimes break long links.',
  'account.verify.invalidTitle': 'This link no longer works',
  'account.verify.invalidBody':
    'Verification links work once, within 24 hours. If you already confirmed your address, just sign in. Otherwise ask your Palisade administrator to help you verify your account.',
  'account.verify.failedTitle': 'Your e-mail address could not be confirmed',

  'account.reset.requestTitle': 'Reset your password',
  'account.reset.requestIntro': 'Enter the e-mail address of your account and we will send you a link to choose a new password.',
  'account.reset.requestSubmit': 'Send reset link',
  'account.reset.requestSubmitting': 'Sending…',
  'account.reset.sentTitle': 'Check your inbox',
  'account.reset.sentBody':
    'If an account exists for {email}, we sent it a link to reset the password. The link works once, within an hour.',
  'account.reset.sentSpam': 'Nothing arrived after a few minutes? Look in your spam folder, or send another link.',
  'account.reset.sendAnother': 'Send another link',
  'account.reset.confirmTitle': 'Choose a new password',
  'account.reset.confirmIntro': 'Your new password ends every session of your account: you sign in again everywhere.',
  'account.reset.confirmSubmit': 'Change password',
  'account.reset.confirmSubmitting': 'Changing password…',
  'account.reset.invalidTitle': 'This reset link no longer works',
  'account.reset.invalidBody': 'Reset links work once, within an hour, and only the latest one is valid. Ask for a new link.',
  'account.reset.requestNew': 'Ask for a new link',

  'account.invite.title': 'Join your team on Palisade',
  'account.invite.intro':
    'You were invited to an organisation on Palisade. Choose your password to create your account; your role was set by the admin who invited you.',
  'account.invite.emailHelp': 'The address the invitation was sent to.',
  'account.invite.submit': 'Accept invitation',
  'account.invite.submitting': 'Creating your account…',
  'account.invite.signingIn': 'Signing you in…',
  'account.invite.missingTitle': 'This invitation link is incomplete',
  'account.invite.missingBody':
    'The address has no invitation token. Open the link from the invitation e-mail again, or copy the whole link into the address bar.',
  'account.invite.invalidTitle': 'This invitation no longer works',
  'account.invite.invalidBody':
    'Invitations work once, within 7 days, and an admin may have revoked this one. Ask the admin who invited you to send a new invitation.',

  'account.signIn.navLabel': 'Account help',
  'account.signIn.createAccount': 'Create an account',
  'account.signIn.forgotPassword': 'Forgot your password?',
  'account.signIn.reset': 'Your password was changed. Sign in with your new password.',
  'account.signIn.verified': 'Your e-mail address is confirmed. You can sign in now.',
  'account.signIn.invited': 'Your invitation was accepted. Sign in with your e-mail address and new password.',
} as const satisfies Record<string, string | PluralForms>;
