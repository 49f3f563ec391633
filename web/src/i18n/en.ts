// The English catalogue, one file per area under catalogue/. Keys are prefixed by screen; a value is a string with
// {param} placeholders, or a set of plural forms chosen by the `count` parameter (Intl.PluralRules categories).
import { core } from './catalogue/core';
import { scans } from './catalogue/scans';
import { findings } from './catalogue/findings';
import { assets } from './catalogue/assets';
import { settings } from './catalogue/settings';
import { account } from './catalogue/account';
import { notifications } from './catalogue/notifications';
import { dashboard } from './catalogue/dashboard';

export type { PluralForms } from './catalogue/types';

export const en = {
  ...core,
  ...scans,
  ...findings,
  ...assets,
  ...settings,
  ...account,
  ...notifications,
  ...dashboard,
} as const;

export type MessageKey = keyof typeof en;
