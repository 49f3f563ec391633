import { ThemeToggle } from '../theme/ThemeToggle';
import { NotificationBell } from './NotificationBell';
import { UserMenu } from './UserMenu';

export function TopBar() {
  return (
    <div className="flex items-center gap-3">
      <ThemeToggle />
      <NotificationBell />
      <UserMenu />
    </div>
  );
}
