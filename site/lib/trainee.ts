// The trainee's values (contract 2): the user name, which is also their namespace, set once on
// the site (the header form or `?user=`) and remembered in localStorage `kvlab:v1:user`.
export const USER_KEY = 'kvlab:v1:user';
/** Shown in place of the name until the trainee sets one (the editor uses the same default). */
export const DEFAULT_USER = 'trainee';
/** A Kubernetes namespace name (DNS-1123 label): the lab's commands use `--namespace=$USER`. */
export const USER_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isValidUser(user: string): boolean {
  return user.length <= 63 && USER_PATTERN.test(user);
}

function stored(): string {
  try {
    return window.localStorage.getItem(USER_KEY)?.trim() ?? '';
  } catch {
    return '';
  }
}

/**
 * `user` is the stored name or DEFAULT_USER; `isSet` says whether the trainee gave one. The
 * stored value is checked on every read (the page puts it into commands the trainee runs, and
 * storage can be written by other means than the form): an invalid one is never returned, and
 * `invalid` says why the default is used instead.
 */
export function getTrainee(): { user: string; isSet: boolean; invalid?: string } {
  const user = stored();
  if (!user) return { user: DEFAULT_USER, isSet: false };
  if (!isValidUser(user)) {
    const shown = JSON.stringify(user.length > 40 ? `${user.slice(0, 40)}…` : user);
    return { user: DEFAULT_USER, isSet: false, invalid: `The stored user name ${shown} is not a valid user name (lower-case letters, digits and dashes): set yours again.` };
  }
  return { user, isSet: true };
}

/** Stores the name and tells the page (`kvlab:trainee` event). Returns an error text when invalid. */
export function setTrainee(user: string): string | undefined {
  const u = user.trim();
  if (!isValidUser(u)) return `"${u}" is not a valid user name: use lower-case letters, digits and dashes (it is also your namespace).`;
  try {
    window.localStorage.setItem(USER_KEY, u);
  } catch {
    /* storage disabled: the name holds for this page view only */
  }
  window.dispatchEvent(new CustomEvent('kvlab:trainee', { detail: { user: u } }));
  return undefined;
}

/** Applies `?user=NAME` from the address, if present; returns an error text when invalid. */
export function applyUserFromUrl(href: string): string | undefined {
  const user = new URL(href).searchParams.get('user');
  if (user === null) return undefined;
  return setTrainee(user);
}
