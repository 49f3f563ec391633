// Request and answer shapes of the account pages (docs/api/openapi.yaml: RegisterRequest, TokenRequest,
// EmailRequest, PasswordResetConfirmRequest, Status).

export interface RegisterRequest {
  email: string;
  password: string;
  display_name?: string;
  /** Open sign-up only: the new organisation's name. */
  organization?: string;
  /** Required when sign-up is invite-only; joins the invitation's organisation, already verified. */
  invitation_token?: string;
}

/** The 202 answer of register and password-reset/request, and the 200 of verify-email and password-reset/confirm. */
export interface AcceptedAnswer {
  status: string;
  message?: string;
}

export interface PasswordResetConfirmRequest {
  token: string;
  password: string;
}
