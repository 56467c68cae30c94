import './settings.css';
import { useMe } from '../../app/session';
import { QueryState } from '../../ui/feedback';
import { Page } from '../../ui/page';
import { ContactMethods } from './ContactMethods';
import { NotificationRules } from './NotificationRules';
import { PasswordForm } from './PasswordForm';
import { ProfileDetails } from './ProfileDetails';

/** The signed-in user's own page: name, password, how and when Vigil reaches them. */
export function ProfilePage() {
  const me = useMe();
  return (
    <Page title="Profile and notifications" subtitle="Your details, your password, and how Vigil reaches you when you are paged.">
      <QueryState query={me}>
        {(user) => (
          <>
            <div className="grid">
              <ProfileDetails user={user} />
              <PasswordForm />
            </div>
            <ContactMethods userId={user.id} />
            <NotificationRules userId={user.id} />
          </>
        )}
      </QueryState>
    </Page>
  );
}
