import { useSchedulePicker, useUsers } from './schedules.queries';
import type { TargetNames } from './TargetPicker';

/** The people and schedules a policy can name, for pickers and labels; undefined until both have loaded. */
export function useTargetNames(): { names: TargetNames | undefined; error: unknown } {
  const users = useUsers();
  const schedules = useSchedulePicker();
  const names = users.data && schedules.data ? { users: users.data, schedules: schedules.data } : undefined;
  return { names, error: users.error ?? schedules.error };
}
