// The routes of this area: /notifications (inside the shell).
// A fragment of <Route> elements, spread into <Routes> by App.tsx.
import { Route } from 'react-router-dom';
import { lazyPage } from '../../shell/lazyPage';

const NotificationsPage = lazyPage(() => import('./NotificationsPage'), 'NotificationsPage');

export const notificationRoutes = (
  <>
    <Route path="/notifications" element={<NotificationsPage />} />
  </>
);
