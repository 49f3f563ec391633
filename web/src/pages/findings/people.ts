// Names for user ids: findings carry only `assignee_id`, so names come from GET /api/v1/users (users:read) or,
// for the caller, from GET /api/v1/me.
import type { Me } from '../../api/types';
import { t } from '../../i18n';
import type { Member } from './types';

export function personName(id: string | null | undefined, members: Member[] | undefined, me: Me | null | undefined): string {
  if (!id) return t('findings.assignee.none');
  const member = members?.find((m) => m.id === id);
  if (member) return member.display_name || member.email;
  if (me && me.id === id) return t('findings.assignee.meName', { name: me.display_name || me.email });
  return t('findings.assignee.unknown', { id: id.slice(0, 8) });
}
